package io.sfstigg.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.links.LinkStore;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The provisioning steps of each operation, each safe to run again: customers are created or
 * updated, subscriptions carry an id derived from the request, credit grants carry the request id
 * and are looked up before a re-create. Each step's outcome is saved in the ledger, so a retry
 * resumes after the last step that succeeded.
 */
final class Provisioner {
    private final Stigg stigg;
    private final Ledger ledger;
    private final DeepLinks links;
    private final LinkStore linkStore;
    private final Clock clock;

    Provisioner(Stigg stigg, Ledger ledger, DeepLinks links, LinkStore linkStore, Clock clock) {
        this.stigg = stigg;
        this.ledger = ledger;
        this.links = links;
        this.linkStore = linkStore;
        this.clock = clock;
    }

    /** One attempt at the whole request; returns the result to record, or throws {@link StiggException}. */
    ObjectNode run(RequestRecord record, Tenant tenant, String apiKey) {
        return switch (record.operation()) {
            case CREATE_CUSTOMER -> createCustomer(record, tenant, apiKey);
            case CREATE_SUBSCRIPTION, PROVISION_OPPORTUNITY -> createSubscription(record, tenant, apiKey);
            case CREATE_CREDIT_GRANT -> createCreditGrant(record, tenant, apiKey);
            case APPLY_STIGG_EVENT -> throw new IllegalArgumentException("Stigg events are applied by StiggEventApplier");
        };
    }

    private ObjectNode createCustomer(RequestRecord record, Tenant tenant, String apiKey) {
        CustomerRequest request = Json.convert(record.payload(), CustomerRequest.class);
        JsonNode customer = step(record, "customer", () -> {
            ObjectNode input = StiggInputs.customer(request, tenant);
            try {
                return customerOutcome(stigg.provisionCustomer(apiKey, input), true);
            } catch (StiggException e) {
                if (!"DuplicatedEntityNotAllowed".equals(e.code())) {
                    throw e;
                }
                return customerOutcome(stigg.updateCustomer(apiKey, input), false);
            }
        });
        linkCustomer(record, tenant, request.salesforceAccountId(), request.stiggCustomerId());
        return result(tenant, request.stiggCustomerId()).set("customer", customer);
    }

    private ObjectNode createSubscription(RequestRecord record, Tenant tenant, String apiKey) {
        SubscriptionRequest request = Json.convert(record.payload(), SubscriptionRequest.class);
        JsonNode customer = step(record, "customer", () -> ensureCustomer(request, tenant, apiKey));
        String subscriptionId = subscriptionId(record.requestId());
        JsonNode subscription = step(record, "subscription", () -> {
            ObjectNode input = StiggInputs.subscription(request, subscriptionId, record.requestId(), tenant);
            try {
                JsonNode provisioned = stigg.provisionSubscription(apiKey, input);
                return subscriptionOutcome(provisioned.path("subscription"), provisioned, tenant);
            } catch (StiggException e) {
                if (!"DuplicatedEntityNotAllowed".equals(e.code())) {
                    throw e;
                }
                return existingSubscription(apiKey, request.stiggCustomerId(), subscriptionId, tenant).orElseThrow(() -> e);
            }
        });
        linkCustomer(record, tenant, request.salesforceAccountId(), request.stiggCustomerId());
        String opportunity = request.salesforceOpportunityId();
        linkStore.linkSubscription(record.tenantId(), request.salesforceAccountId(), request.stiggCustomerId(),
                new Link.SubscriptionLink(subscriptionId, subscription.path("subscriptionUrl").asText(null), opportunity,
                        DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Opportunity", opportunity)));
        ObjectNode result = result(tenant, request.stiggCustomerId());
        result.set("customer", customer);
        result.set("subscription", subscription);
        return result;
    }

    private ObjectNode createCreditGrant(RequestRecord record, Tenant tenant, String apiKey) {
        CreditGrantRequest request = Json.convert(record.payload(), CreditGrantRequest.class);
        JsonNode grant = step(record, "creditGrant", () -> {
            if (record.attempts() > 1) {
                Optional<JsonNode> earlier = stigg.creditGrants(apiKey, request.stiggCustomerId(), request.currencyId())
                        .stream()
                        .filter(g -> record.requestId().equals(
                                g.path("additionalMetaData").path(StiggInputs.REQUEST_ID_KEY).asText(null)))
                        .findFirst();
                if (earlier.isPresent()) {
                    return grantOutcome(earlier.get());
                }
            }
            return grantOutcome(stigg.createCreditGrant(apiKey, StiggInputs.creditGrant(request, record.requestId())));
        });
        return result(tenant, request.stiggCustomerId()).set("creditGrant", grant);
    }

    /** Creates the customer a subscription needs; an existing customer is left as it is. */
    private JsonNode ensureCustomer(SubscriptionRequest request, Tenant tenant, String apiKey) {
        Optional<JsonNode> existing = stigg.findCustomer(apiKey, request.stiggCustomerId());
        if (existing.isPresent()) {
            return customerOutcome(existing.get(), false);
        }
        try {
            return customerOutcome(stigg.provisionCustomer(apiKey, StiggInputs.customerOf(request, tenant)), true);
        } catch (StiggException e) {
            if ("DuplicatedEntityNotAllowed".equals(e.code())) {
                return Json.object().put("customerId", request.stiggCustomerId()).put("created", false);
            }
            throw e;
        }
    }

    private Optional<JsonNode> existingSubscription(String apiKey, String customerId, String subscriptionId,
            Tenant tenant) {
        return stigg.findCustomer(apiKey, customerId).flatMap(customer -> {
            for (JsonNode subscription : customer.path("subscriptions")) {
                if (subscriptionId.equals(subscription.path("subscriptionId").asText())) {
                    return Optional.of(subscriptionOutcome(subscription, null, tenant));
                }
            }
            return Optional.empty();
        });
    }

    private void linkCustomer(RequestRecord record, Tenant tenant, String accountId, String customerId) {
        if (accountId != null) {
            linkStore.linkCustomer(record.tenantId(), accountId,
                    DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Account", accountId), customerId,
                    links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId));
        }
    }

    /** Stigg subscription ids are chosen by us: the same request always asks for the same id. */
    static String subscriptionId(String requestId) {
        return "sub-sf-" + requestId.substring(requestId.indexOf('_') + 1, requestId.indexOf('_') + 21);
    }

    /** Runs a step unless it succeeded before; multi-step requests record each step, so a retry resumes. */
    private JsonNode step(RequestRecord record, String name, Supplier<JsonNode> action) {
        JsonNode done = record.stepResult(name);
        if (done != null) {
            return done;
        }
        JsonNode outcome = action.get();
        if (record.operation() == Operation.CREATE_SUBSCRIPTION || record.operation() == Operation.PROVISION_OPPORTUNITY) {
            ObjectNode step = Json.object().put("status", "SUCCEEDED").put("at", clock.instant().toString());
            step.set("result", outcome);
            ledger.saveStep(record.requestId(), name, step, clock.instant());
        }
        return outcome;
    }

    private ObjectNode result(Tenant tenant, String customerId) {
        return Json.object()
                .put("stiggCustomerId", customerId)
                .put("stiggCustomerUrl", links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId));
    }

    private static ObjectNode customerOutcome(JsonNode customer, boolean created) {
        ObjectNode outcome = Json.object().put("customerId", customer.path("customerId").asText());
        copyText(customer, outcome, "name", "email", "salesforceId");
        return outcome.put("created", created);
    }

    private ObjectNode subscriptionOutcome(JsonNode subscription, JsonNode provisioned, Tenant tenant) {
        String id = subscription.path("subscriptionId").asText();
        ObjectNode outcome = Json.object()
                .put("subscriptionId", id)
                .put("subscriptionUrl", links.stiggSubscription(tenant.stiggEnvironmentSlug(), id))
                .put("status", subscription.path("status").asText(null));
        if (provisioned != null) {
            outcome.put("provisionStatus", provisioned.path("status").asText(null));
            copyText(provisioned, outcome, "checkoutUrl");
        }
        outcome.put("planId", subscription.path("plan").path("refId").asText(null));
        copyText(subscription.path("plan"), outcome, "displayName");
        copyText(subscription, outcome, "billingPeriod", "startDate", "trialEndDate", "salesforceId");
        ArrayNode addons = outcome.putArray("addons");
        subscription.path("addons").forEach(a -> addons.addObject()
                .put("addonId", a.path("addon").path("refId").asText(a.path("addonId").asText()))
                .put("quantity", a.path("quantity").asInt()));
        return outcome;
    }

    private static ObjectNode grantOutcome(JsonNode grant) {
        ObjectNode outcome = Json.object();
        copyText(grant, outcome, "grantId", "status", "currencyId", "customerId", "displayName", "effectiveAt", "expireAt");
        outcome.set("amount", grant.path("amount"));
        return outcome;
    }

    private static void copyText(JsonNode from, ObjectNode to, String... names) {
        for (String name : names) {
            JsonNode value = from.get(name);
            if (value != null && !value.isNull()) {
                to.put(name, value.asText());
            }
        }
    }
}
