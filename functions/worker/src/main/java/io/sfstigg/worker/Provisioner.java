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
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.OpportunityAmendment;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.StiggEvent;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The step of each operation, from one table (operation → its request's type, the Stigg mutations
 * it plans, the step that runs it with its typed request), each safe to run again: customers are
 * created or updated, subscriptions carry an id derived from the request, credit grants carry the
 * request id and are looked up before a re-create on a retry. Only the mutations a request needs
 * are made, each with its permits from the {@link Pacer}; nothing is read that a mutation answers.
 * The steps done are kept in the {@link Attempt}, and saved with the attempt's outcome, so a retry
 * resumes after the last step that succeeded.
 */
final class Provisioner {
    private final Stigg stigg;
    private final Pacer pacer;
    private final DeepLinks links;
    private final Clock clock;
    private final SubscriptionChanges changes;
    private final Map<Operation, Row<?>> table = new EnumMap<>(Operation.class);

    Provisioner(Stigg stigg, Pacer pacer, LedgerReader ledger, OpportunityStore opportunities, DeepLinks links,
            Clock clock, StiggEventApplier stiggEvents) {
        this.stigg = stigg;
        this.pacer = pacer;
        this.links = links;
        this.clock = clock;
        this.changes = new SubscriptionChanges(stigg, ledger, opportunities, links, clock);
        List<String> subscription = List.of(Pacer.PROVISION_CUSTOMER, Pacer.PROVISION_SUBSCRIPTION);
        row(Operation.CREATE_CUSTOMER, CustomerRequest.class, List.of(Pacer.PROVISION_CUSTOMER), this::createCustomer);
        row(Operation.CREATE_SUBSCRIPTION, SubscriptionRequest.class, subscription, this::createSubscription);
        row(Operation.PROVISION_OPPORTUNITY, SubscriptionRequest.class, subscription, this::createSubscription);
        row(Operation.CREATE_CREDIT_GRANT, CreditGrantRequest.class, List.of(Pacer.CREATE_CREDIT_GRANT),
                this::createCreditGrant);
        row(Operation.AMEND_OPPORTUNITY, OpportunityAmendment.class, List.of(Pacer.UPDATE_SUBSCRIPTION),
                (attempt, amendment, tenant, apiKey) -> changes.amend(attempt.record(), amendment, tenant, apiKey,
                        calls -> admit(attempt, tenant, calls)));
        row(Operation.CANCEL_SUBSCRIPTION, CancellationRequest.class, List.of(Pacer.CANCEL_SUBSCRIPTION),
                (attempt, cancellation, tenant, apiKey) -> changes.cancel(attempt.record(), cancellation, tenant, apiKey,
                        calls -> admit(attempt, tenant, calls)));
        row(Operation.APPLY_STIGG_EVENT, StiggEvent.class, List.of(), (attempt, event, tenant, apiKey) ->
                new Provisioned(stiggEvents.apply(attempt.record(), event, tenant, apiKey), List.of()));
        EnumSet<Operation> missing = EnumSet.complementOf(EnumSet.copyOf(table.keySet()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no step for " + missing);
        }
    }

    /** Runs one operation's request, given as the type the operation carries. */
    @FunctionalInterface
    interface Step<R extends ProvisioningRequest> {
        Provisioned run(Attempt attempt, R request, Tenant tenant, String apiKey);
    }

    /** One operation's row: its request's type, the Stigg mutations a new request makes, its step. */
    private record Row<R extends ProvisioningRequest>(Class<R> type, List<String> plannedCalls, Step<R> step) {
        Provisioned run(Attempt attempt, Tenant tenant, String apiKey) {
            return step.run(attempt, type.cast(attempt.record().payload()), tenant, apiKey);
        }
    }

    private <R extends ProvisioningRequest> void row(Operation operation, Class<R> type, List<String> plannedCalls,
            Step<R> step) {
        if (operation.requestType() != type) {
            throw new IllegalStateException(operation + " carries a " + operation.requestType().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        table.put(operation, new Row<>(type, plannedCalls, step));
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

    /** The mutations a request makes when none of its steps is done yet (a new request's), paced by its customer. */
    List<Pacer.StiggCall> plannedCalls(Operation operation, ProvisioningRequest request) {
        String customerId = request == null ? null : request.stiggCustomerId();
        return table.get(operation).plannedCalls().stream().map(call -> new Pacer.StiggCall(call, customerId)).toList();
    }

    /** One attempt at the whole request; returns what to record, or throws {@link StiggException} or {@link RateLimitWait}. */
    Provisioned run(Attempt attempt, Tenant tenant, String apiKey) {
        return table.get(attempt.record().operation()).run(attempt, tenant, apiKey);
    }

    private Provisioned createCustomer(Attempt attempt, CustomerRequest request, Tenant tenant, String apiKey) {
        String customerId = request.stiggCustomerId();
        JsonNode customer = step(attempt, "customer", () -> {
            ObjectNode input = StiggInputs.customer(request, tenant);
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

    private Provisioned createSubscription(Attempt attempt, SubscriptionRequest request, Tenant tenant, String apiKey) {
        RequestRecord record = attempt.record();
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
            ObjectNode input = StiggInputs.subscription(request, subscriptionId, record.requestId(), tenant);
            try {
                JsonNode provisioned = stigg.provisionSubscription(apiKey, input);
                return subscriptionOutcome(provisioned.path("subscription"), provisioned, tenant);
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

    private Provisioned createCreditGrant(Attempt attempt, CreditGrantRequest request, Tenant tenant, String apiKey) {
        RequestRecord record = attempt.record();
        JsonNode grant = step(attempt, "creditGrant", () -> {
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
        return stigg.findCustomer(apiKey, customerId).flatMap(customer -> {
            for (JsonNode subscription : customer.path("subscriptions")) {
                if (subscriptionId.equals(subscription.path("subscriptionId").asText())) {
                    return Optional.of(subscriptionOutcome(subscription, null, tenant));
                }
            }
            return Optional.empty();
        });
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
