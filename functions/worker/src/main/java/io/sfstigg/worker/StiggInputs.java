package io.sfstigg.worker;

import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.MetadataValue;
import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.stigg.CreditGrantInput;
import io.sfstigg.core.stigg.CustomerInput;
import io.sfstigg.core.stigg.PriceInput;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.SubscriptionInput.AddonInput;
import io.sfstigg.core.stigg.SubscriptionInput.CreditInput;
import io.sfstigg.core.stigg.SubscriptionInput.EntitlementInput;
import io.sfstigg.core.stigg.SubscriptionInput.FeatureInput;
import io.sfstigg.core.stigg.SubscriptionInput.PriceOverrideInput;
import io.sfstigg.core.stigg.SubscriptionInput.TrialInput;
import io.sfstigg.core.tenant.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Stigg GraphQL inputs for each request, mapped as docs/stigg.md's table says. */
final class StiggInputs {
    static final String REQUEST_ID_KEY = "provisionerRequestId";

    private StiggInputs() {}

    static CustomerInput customer(CustomerRequest request, Tenant tenant) {
        Map<String, MetadataValue> metadata = metadata(request.metadata());
        putIfPresent(metadata, "salesforceUrl",
                DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Account", request.salesforceAccountId()));
        return new CustomerInput(request.stiggCustomerId(), request.name(), request.email(),
                request.salesforceAccountId(), metadata);
    }

    /** The customer a subscription needs, from the name and e-mail the subscription carries. */
    static CustomerInput customerOf(SubscriptionRequest request, Tenant tenant) {
        return customer(new CustomerRequest(request.salesforceAccountId(), request.stiggCustomerId(),
                request.customerName(), request.customerEmail(), null), tenant);
    }

    static SubscriptionInput subscription(SubscriptionRequest request, String subscriptionId, String requestId,
            Tenant tenant) {
        List<AddonInput> addons = request.addons().stream().map(a -> new AddonInput(a.addonId(), a.quantity())).toList();
        List<EntitlementInput> entitlements = new ArrayList<>();
        request.entitlements().forEach(e ->
                entitlements.add(new EntitlementInput(new FeatureInput(e.featureId(), e.usageLimit()), null)));
        List<PriceOverrideInput> priceOverrides = new ArrayList<>();
        if (request.planBaseChargeOverride() != null) {
            priceOverrides.add(new PriceOverrideInput(true, null, null, price(request.planBaseChargeOverride())));
        }
        request.creditEntitlements().forEach(c -> {
            entitlements.add(new EntitlementInput(null,
                    new CreditInput(c.customCurrencyId(), c.amount(), c.cadence().name())));
            if (c.priceOverride() != null) {
                priceOverrides.add(new PriceOverrideInput(null, c.customCurrencyId(),
                        c.cadence() == CreditCadence.MONTH ? "MONTHLY" : "BEGINNING_OF_BILLING_PERIOD",
                        price(c.priceOverride())));
            }
        });
        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        metadata.put(REQUEST_ID_KEY, MetadataValue.of(requestId));
        if (request.salesforceOpportunityId() != null) {
            putIfPresent(metadata, "salesforceUrl", DeepLinks.salesforceRecord(
                    tenant.salesforceDomain(), "Opportunity", request.salesforceOpportunityId()));
        }
        putIfPresent(metadata, "salesforceAccountId", request.salesforceAccountId());
        return new SubscriptionInput(request.stiggCustomerId(), request.planId(), subscriptionId,
                request.billingPeriod() == null ? null : request.billingPeriod().name(),
                request.paymentCollectionMethod() == null ? null : request.paymentCollectionMethod().stiggValue(),
                nullIfEmpty(addons), nullIfEmpty(entitlements), nullIfEmpty(priceOverrides),
                request.trial() ? new TrialInput(true, request.trialEndDate()) : null,
                request.startDate(), request.resourceId(), request.salesforceOpportunityId(), metadata, null);
    }

    static CreditGrantInput creditGrant(CreditGrantRequest request, String requestId) {
        return new CreditGrantInput(request.stiggCustomerId(), request.currencyId(), request.amount(),
                request.displayName(), request.grantType().name(), request.effectiveDate(), request.expirationDate(),
                request.priority(), request.comment(), request.resourceId(),
                request.paymentCollectionMethod() == null ? null : request.paymentCollectionMethod().stiggValue(),
                request.cost() == null ? null : price(request.cost()),
                Map.of(REQUEST_ID_KEY, MetadataValue.of(requestId)));
    }

    /** The request's metadata, in its order. */
    private static Map<String, MetadataValue> metadata(Map<String, MetadataValue> given) {
        return given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
    }

    private static PriceInput price(Money money) {
        return new PriceInput(money.amount(), money.currency());
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list.isEmpty() ? null : List.copyOf(list);
    }

    private static void putIfPresent(Map<String, MetadataValue> metadata, String name, String value) {
        if (value != null) {
            metadata.put(name, MetadataValue.of(value));
        }
    }
}
