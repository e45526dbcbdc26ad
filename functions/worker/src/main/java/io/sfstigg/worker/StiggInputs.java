package io.sfstigg.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.tenant.Tenant;

/** The Stigg GraphQL inputs for each request, mapped as docs/stigg.md's table says. */
final class StiggInputs {
    static final String REQUEST_ID_KEY = "provisionerRequestId";

    private StiggInputs() {}

    static ObjectNode customer(CustomerRequest request, Tenant tenant) {
        ObjectNode input = Json.object().put("customerId", request.stiggCustomerId());
        putIfPresent(input, "name", request.name());
        putIfPresent(input, "email", request.email());
        input.put("salesforceId", request.salesforceAccountId());
        ObjectNode metadata = request.metadata() == null ? Json.object() : request.metadata().deepCopy();
        putIfPresent(metadata, "salesforceUrl",
                DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Account", request.salesforceAccountId()));
        input.set("additionalMetaData", metadata);
        return input;
    }

    /** The customer a subscription needs, from the name and e-mail the subscription carries. */
    static ObjectNode customerOf(SubscriptionRequest request, Tenant tenant) {
        return customer(new CustomerRequest(request.salesforceAccountId(), request.stiggCustomerId(),
                request.customerName(), request.customerEmail(), null), tenant);
    }

    static ObjectNode subscription(SubscriptionRequest request, String subscriptionId, String requestId, Tenant tenant) {
        ObjectNode input = Json.object()
                .put("customerId", request.stiggCustomerId())
                .put("planId", request.planId())
                .put("subscriptionId", subscriptionId);
        if (request.billingPeriod() != null) {
            input.put("billingPeriod", request.billingPeriod().name());
        }
        if (request.paymentCollectionMethod() != null) {
            input.put("paymentCollectionMethod", request.paymentCollectionMethod().stiggValue());
        }
        if (!request.addons().isEmpty()) {
            ArrayNode addons = input.putArray("addons");
            request.addons().forEach(a -> addons.addObject().put("addonId", a.addonId()).put("quantity", a.quantity()));
        }
        ArrayNode entitlements = Json.MAPPER.createArrayNode();
        request.entitlements().forEach(e -> {
            ObjectNode feature = entitlements.addObject().putObject("feature").put("featureId", e.featureId());
            if (e.usageLimit() != null) {
                feature.put("usageLimit", e.usageLimit());
            }
        });
        ArrayNode priceOverrides = Json.MAPPER.createArrayNode();
        if (request.planBaseChargeOverride() != null) {
            price(priceOverrides.addObject().put("baseCharge", true), request.planBaseChargeOverride());
        }
        request.creditEntitlements().forEach(c -> {
            entitlements.addObject().putObject("credit")
                    .put("customCurrencyId", c.customCurrencyId())
                    .put("amount", c.amount())
                    .put("cadence", c.cadence().name());
            if (c.priceOverride() != null) {
                price(priceOverrides.addObject()
                        .put("currencyId", c.customCurrencyId())
                        .put("creditGrantCadence", c.cadence() == CreditCadence.MONTH ? "MONTHLY" : "BEGINNING_OF_BILLING_PERIOD"),
                        c.priceOverride());
            }
        });
        if (!entitlements.isEmpty()) {
            input.set("entitlements", entitlements);
        }
        if (!priceOverrides.isEmpty()) {
            input.set("priceOverrides", priceOverrides);
        }
        if (request.trial()) {
            ObjectNode trial = input.putObject("trialOverrideConfiguration").put("isTrial", true);
            putIfPresent(trial, "trialEndDate", request.trialEndDate());
        }
        putIfPresent(input, "startDate", request.startDate());
        putIfPresent(input, "resourceId", request.resourceId());
        putIfPresent(input, "salesforceId", request.salesforceOpportunityId());
        ObjectNode metadata = input.putObject("additionalMetaData").put(REQUEST_ID_KEY, requestId);
        if (request.salesforceOpportunityId() != null) {
            putIfPresent(metadata, "salesforceUrl", DeepLinks.salesforceRecord(
                    tenant.salesforceDomain(), "Opportunity", request.salesforceOpportunityId()));
        }
        putIfPresent(metadata, "salesforceAccountId", request.salesforceAccountId());
        return input;
    }

    static ObjectNode creditGrant(CreditGrantRequest request, String requestId) {
        ObjectNode input = Json.object()
                .put("customerId", request.stiggCustomerId())
                .put("currencyId", request.currencyId())
                .put("amount", request.amount())
                .put("displayName", request.displayName())
                .put("grantType", request.grantType().name());
        putIfPresent(input, "effectiveAt", request.effectiveDate());
        putIfPresent(input, "expireAt", request.expirationDate());
        if (request.priority() != null) {
            input.put("priority", request.priority());
        }
        putIfPresent(input, "comment", request.comment());
        putIfPresent(input, "resourceId", request.resourceId());
        if (request.paymentCollectionMethod() != null) {
            input.put("paymentCollectionMethod", request.paymentCollectionMethod().stiggValue());
        }
        if (request.cost() != null) {
            input.putObject("cost").put("amount", request.cost().amount()).put("currency", request.cost().currency());
        }
        input.putObject("additionalMetaData").put(REQUEST_ID_KEY, requestId);
        return input;
    }

    private static void price(ObjectNode override, Money money) {
        override.putObject("price").put("amount", money.amount()).put("currency", money.currency());
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
