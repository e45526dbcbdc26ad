package io.sfstigg.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.stigg.CustomerInput;
import io.sfstigg.core.stigg.ProvisionedSubscription;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCreditGrant;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The provisioning steps of each operation, each safe to run again: customers are created or
 * updated, subscriptions carry an id derived from the request, credit grants carry the request id
 * and are looked up before a re-create on a retry. Only the mutations a request needs are made,
 * each with its permits from the {@link Pacer}; nothing is read that a mutation answers. The steps
 * done are kept in the {@link Attempt}, and saved with the attempt's outcome, so a retry resumes
 * after the last step that succeeded.
 */
final class Provisioner {
    private final Stigg stigg;
    private final Pacer pacer;
    private final DeepLinks links;
    private final Clock clock;
    private final SubscriptionChanges changes;

    Provisioner(Stigg stigg, Pacer pacer, LedgerReader ledger, OpportunityStore opportunities, DeepLinks links, Clock clock) {
        this.stigg = stigg;
        this.pacer = pacer;
        this.links = links;
        this.clock = clock;
        this.changes = new SubscriptionChanges(stigg, ledger, opportunities, links, clock);
    }

    /** What a successful attempt leaves: the request's result and the links to record with it. */
    record Provisioned(ObjectNode result, List<LinkUpdate> links) {}

    /** One attempt at a request: the steps it completed and the calls it was last admitted for. */
    static final class Attempt {
        private final RequestRecord record;
        private final ObjectNode steps = Json.object();
        private List<Pacer.StiggCall> admitted = List.of();

        Attempt(RequestRecord record) {
            this.record = record;
        }

        RequestRecord record() {
            return record;
        }

        /** The steps this attempt completed, to save with its outcome. */
        ObjectNode steps() {
            return steps;
        }

        List<Pacer.StiggCall> admitted() {
            return admitted;
        }
    }

    /** The mutations a request makes when none of its steps is done yet (a new request's). */
    static List<Pacer.StiggCall> plannedCalls(Operation operation, JsonNode payload) {
        String customerId = payload == null ? null : payload.path("stiggCustomerId").asText(null);
        return switch (operation) {
            case CREATE_CUSTOMER -> List.of(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId));
            case CREATE_SUBSCRIPTION, PROVISION_OPPORTUNITY -> List.of(
                    new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId),
                    new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, customerId));
            case CREATE_CREDIT_GRANT -> List.of(new Pacer.StiggCall(Pacer.CREATE_CREDIT_GRANT, customerId));
            case AMEND_OPPORTUNITY -> List.of(new Pacer.StiggCall(Pacer.UPDATE_SUBSCRIPTION,
                    payload.path("desired").path("stiggCustomerId").asText(null)));
            case CANCEL_SUBSCRIPTION -> List.of(new Pacer.StiggCall(Pacer.CANCEL_SUBSCRIPTION, customerId));
            case APPLY_STIGG_EVENT -> List.of();
        };
    }

    /** One attempt at the whole request; returns what to record, or throws {@link StiggException} or {@link RateLimitWait}. */
    Provisioned run(Attempt attempt, Tenant tenant, String apiKey) {
        return switch (attempt.record().operation()) {
            case CREATE_CUSTOMER -> createCustomer(attempt, tenant, apiKey);
            case CREATE_SUBSCRIPTION, PROVISION_OPPORTUNITY -> createSubscription(attempt, tenant, apiKey);
            case CREATE_CREDIT_GRANT -> createCreditGrant(attempt, tenant, apiKey);
            case AMEND_OPPORTUNITY -> changes.amend(attempt.record(), tenant, apiKey, calls -> admit(attempt, tenant, calls));
            case CANCEL_SUBSCRIPTION -> changes.cancel(attempt.record(), tenant, apiKey, calls -> admit(attempt, tenant, calls));
            case APPLY_STIGG_EVENT -> throw new IllegalArgumentException("Stigg events are applied by StiggEventApplier");
        };
    }

    private Provisioned createCustomer(Attempt attempt, Tenant tenant, String apiKey) {
        CustomerRequest request = Json.convert(attempt.record().payload(), CustomerRequest.class);
        String customerId = request.stiggCustomerId();
        JsonNode customer = step(attempt, "customer", () -> {
            CustomerInput input = StiggInputs.customer(request, tenant);
            admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId)));
            try {
                return customerOutcome(stigg.provisionCustomer(apiKey, input), true);
            } catch (StiggException e) {
                if (e.code() != StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                    throw e;
                }
                admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.UPDATE_CUSTOMER, customerId)));
                return customerOutcome(stigg.updateCustomer(apiKey, input), false);
            }
        });
        return new Provisioned(result(tenant, customerId).set("customer", customer),
                customerLinks(attempt.record(), tenant, request.salesforceAccountId(), customerId, null));
    }

    private Provisioned createSubscription(Attempt attempt, Tenant tenant, String apiKey) {
        RequestRecord record = attempt.record();
        SubscriptionRequest request = Json.convert(record.payload(), SubscriptionRequest.class);
        String customerId = request.stiggCustomerId();
        List<Pacer.StiggCall> calls = new ArrayList<>();
        if (record.stepResult("customer") == null) {
            calls.add(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId));
        }
        if (record.stepResult("subscription") == null) {
            calls.add(new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, customerId));
        }
        admit(attempt, tenant, calls);
        JsonNode customer = step(attempt, "customer", () -> ensureCustomer(request, tenant, apiKey));
        String ownSubscriptionId = subscriptionId(record.requestId());
        boolean opportunity = record.operation() == Operation.PROVISION_OPPORTUNITY;
        JsonNode subscription = step(attempt, "subscription", () -> {
            // A customer this request created has no live subscription to renew: no read is spent on it.
            boolean existingCustomer = !customer.path("created").asBoolean(false);
            if (opportunity && existingCustomer && !changes.wantsNewSubscription(record, request)) {
                Optional<JsonNode> renewed = changes.renewLive(record, tenant, apiKey, request, ownSubscriptionId,
                        more -> admit(attempt, tenant, more));
                if (renewed.isPresent()) {
                    return renewed.get();
                }
            }
            String subscriptionId = ownSubscriptionId;
            SubscriptionInput input = StiggInputs.subscription(request, subscriptionId, record.requestId(), tenant);
            try {
                ProvisionedSubscription provisioned = stigg.provisionSubscription(apiKey, input);
                return subscriptionOutcome(provisioned.subscription(), provisioned, tenant);
            } catch (StiggException e) {
                if (e.code() != StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                    throw e;
                }
                return existingSubscription(apiKey, customerId, subscriptionId, tenant).orElseThrow(() -> e);
            }
        });
        String subscriptionId = subscription.path("subscriptionId").asText(ownSubscriptionId);
        if (opportunity) {
            changes.recordOriginal(record, request, subscriptionId);
        }
        String opportunityId = request.salesforceOpportunityId();
        Link.SubscriptionLink subscriptionLink = new Link.SubscriptionLink(subscriptionId,
                subscription.path("subscriptionUrl").asText(null), opportunityId,
                DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Opportunity", opportunityId));
        ObjectNode result = result(tenant, customerId);
        result.set("customer", customer);
        result.set("subscription", subscription);
        return new Provisioned(result,
                customerLinks(record, tenant, request.salesforceAccountId(), customerId, subscriptionLink));
    }

    private Provisioned createCreditGrant(Attempt attempt, Tenant tenant, String apiKey) {
        RequestRecord record = attempt.record();
        CreditGrantRequest request = Json.convert(record.payload(), CreditGrantRequest.class);
        JsonNode grant = step(attempt, "creditGrant", () -> {
            if (record.attempts() > 1) {
                Optional<StiggCreditGrant> earlier = stigg.creditGrants(apiKey, request.stiggCustomerId(),
                                request.currencyId())
                        .stream()
                        .filter(g -> record.requestId().equals(g.additionalMetaData().get(StiggInputs.REQUEST_ID_KEY)))
                        .findFirst();
                if (earlier.isPresent()) {
                    return grantOutcome(earlier.get());
                }
            }
            admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.CREATE_CREDIT_GRANT, request.stiggCustomerId())));
            return grantOutcome(stigg.createCreditGrant(apiKey, StiggInputs.creditGrant(request, record.requestId())));
        });
        return new Provisioned(result(tenant, request.stiggCustomerId()).set("creditGrant", grant), List.of());
    }

    private void admit(Attempt attempt, Tenant tenant, List<Pacer.StiggCall> calls) {
        pacer.admit(tenant, calls);
        attempt.admitted = List.copyOf(calls);
    }

    /**
     * Creates the customer a subscription needs; an existing customer is left as it is. Stigg's
     * create is not an upsert: {@link StiggErrorCode#DUPLICATED_ENTITY_NOT_ALLOWED} says the customer exists, so no
     * read goes first.
     */
    private JsonNode ensureCustomer(SubscriptionRequest request, Tenant tenant, String apiKey) {
        try {
            return customerOutcome(stigg.provisionCustomer(apiKey, StiggInputs.customerOf(request, tenant)), true);
        } catch (StiggException e) {
            if (e.code() == StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                return Json.object().put("customerId", request.stiggCustomerId()).put("created", false);
            }
            throw e;
        }
    }

    private Optional<JsonNode> existingSubscription(String apiKey, String customerId, String subscriptionId,
            Tenant tenant) {
        return stigg.findCustomer(apiKey, customerId).flatMap(customer -> customer.subscriptions().stream()
                .filter(subscription -> subscriptionId.equals(subscription.subscriptionId()))
                .findFirst()
                .map(subscription -> subscriptionOutcome(subscription, null, tenant)));
    }

    private List<LinkUpdate> customerLinks(RequestRecord record, Tenant tenant, String accountId, String customerId,
            Link.SubscriptionLink subscription) {
        if (accountId == null && subscription == null) {
            return List.of();
        }
        return List.of(new LinkUpdate(record.tenantId(), accountId,
                accountId == null ? null : DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Account", accountId),
                customerId, links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId), subscription));
    }

    /** Stigg subscription ids are chosen by us: the same request always asks for the same id. */
    static String subscriptionId(String requestId) {
        return "sub-sf-" + requestId.substring(requestId.indexOf('_') + 1, requestId.indexOf('_') + 21);
    }

    /** Runs a step unless it succeeded before; multi-step requests keep each step, so a retry resumes. */
    private JsonNode step(Attempt attempt, String name, Supplier<JsonNode> action) {
        JsonNode done = attempt.record().stepResult(name);
        if (done != null) {
            return done;
        }
        JsonNode outcome = action.get();
        Operation operation = attempt.record().operation();
        if (operation == Operation.CREATE_SUBSCRIPTION || operation == Operation.PROVISION_OPPORTUNITY) {
            ObjectNode step = Json.object().put("status", "SUCCEEDED").put("at", clock.instant().toString());
            step.set("result", outcome);
            attempt.steps().set(name, step);
        }
        return outcome;
    }

    private ObjectNode result(Tenant tenant, String customerId) {
        return Json.object()
                .put("stiggCustomerId", customerId)
                .put("stiggCustomerUrl", links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId));
    }

    private static ObjectNode customerOutcome(StiggCustomer customer, boolean created) {
        ObjectNode outcome = Json.object().put("customerId", customer.customerId());
        putIfPresent(outcome, "name", customer.name());
        putIfPresent(outcome, "email", customer.email());
        putIfPresent(outcome, "salesforceId", customer.salesforceId());
        return outcome.put("created", created);
    }

    private ObjectNode subscriptionOutcome(StiggSubscription subscription, ProvisionedSubscription provisioned,
            Tenant tenant) {
        String id = subscription.subscriptionId();
        ObjectNode outcome = Json.object()
                .put("subscriptionId", id)
                .put("subscriptionUrl", links.stiggSubscription(tenant.stiggEnvironmentSlug(), id))
                .put("status", subscription.status());
        if (provisioned != null) {
            outcome.put("provisionStatus", provisioned.status());
            putIfPresent(outcome, "checkoutUrl", provisioned.checkoutUrl());
        }
        outcome.put("planId", subscription.planId());
        putIfPresent(outcome, "displayName", subscription.planName());
        putIfPresent(outcome, "billingPeriod", subscription.billingPeriod());
        putIfPresent(outcome, "startDate", subscription.startDate());
        putIfPresent(outcome, "trialEndDate", subscription.trialEndDate());
        putIfPresent(outcome, "salesforceId", subscription.salesforceId());
        ArrayNode addons = outcome.putArray("addons");
        subscription.addons().forEach(a -> addons.addObject()
                .put("addonId", a.addon() != null && a.addon().refId() != null ? a.addon().refId() : a.addonId())
                .put("quantity", a.quantity()));
        return outcome;
    }

    private static ObjectNode grantOutcome(StiggCreditGrant grant) {
        ObjectNode outcome = Json.object();
        putIfPresent(outcome, "grantId", grant.grantId());
        putIfPresent(outcome, "status", grant.status());
        putIfPresent(outcome, "currencyId", grant.currencyId());
        putIfPresent(outcome, "customerId", grant.customerId());
        putIfPresent(outcome, "displayName", grant.displayName());
        putIfPresent(outcome, "effectiveAt", grant.effectiveAt());
        putIfPresent(outcome, "expireAt", grant.expireAt());
        return outcome.put("amount", grant.amount());
    }

    private static void putIfPresent(ObjectNode to, String name, String value) {
        if (value != null) {
            to.put(name, value);
        }
    }
}
