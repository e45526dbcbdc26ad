package io.sfstigg.worker;

import io.sfstigg.core.ledger.CompletedStep;
import io.sfstigg.core.ledger.CreditGrantOutcome;
import io.sfstigg.core.ledger.CreditGrantResult;
import io.sfstigg.core.ledger.CustomerOutcome;
import io.sfstigg.core.ledger.CustomerResult;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.ledger.SubscriptionOutcome;
import io.sfstigg.core.ledger.SubscriptionResult;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    record Provisioned(RequestResult result, List<LinkUpdate> links) {}

    /** One attempt at a request: the steps it completed and the calls it was last admitted for. */
    static final class Attempt {
        private final RequestRecord record;
        private Steps steps = Steps.NONE;
        private List<Pacer.StiggCall> admitted = List.of();

        Attempt(RequestRecord record) {
            this.record = record;
        }

        RequestRecord record() {
            return record;
        }

        /** The steps this attempt completed, to save with its outcome. */
        Steps steps() {
            return steps;
        }

        List<Pacer.StiggCall> admitted() {
            return admitted;
        }

        CustomerOutcome keepCustomer(CustomerOutcome outcome, Instant at) {
            steps = steps.withCustomer(new CompletedStep<>(at, outcome));
            return outcome;
        }

        SubscriptionOutcome keepSubscription(SubscriptionOutcome outcome, Instant at) {
            steps = steps.withSubscription(new CompletedStep<>(at, outcome));
            return outcome;
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
        CustomerInput input = StiggInputs.customer(request, tenant);
        admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId)));
        CustomerOutcome customer;
        try {
            customer = customerOutcome(stigg.provisionCustomer(apiKey, input), true);
        } catch (StiggException e) {
            if (e.code() != StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                throw e;
            }
            admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.UPDATE_CUSTOMER, customerId)));
            customer = customerOutcome(stigg.updateCustomer(apiKey, input), false);
        }
        return new Provisioned(new CustomerResult(customerId, customerUrl(tenant, customerId), customer),
                customerLinks(attempt.record(), tenant, request.salesforceAccountId(), customerId, null));
    }

    /** Two steps, each kept once done: the customer, then the subscription; a retry resumes after the last done. */
    private Provisioned createSubscription(Attempt attempt, SubscriptionRequest request, Tenant tenant, String apiKey) {
        RequestRecord record = attempt.record();
        String customerId = request.stiggCustomerId();
        Steps done = record.steps();
        List<Pacer.StiggCall> calls = new ArrayList<>();
        if (done.customer() == null) {
            calls.add(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, customerId));
        }
        if (done.subscription() == null) {
            calls.add(new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, customerId));
        }
        admit(attempt, tenant, calls);
        CustomerOutcome customer = done.customer() != null ? done.customer().result()
                : attempt.keepCustomer(ensureCustomer(request, tenant, apiKey), clock.instant());
        String ownSubscriptionId = subscriptionId(record.requestId());
        SubscriptionOutcome subscription = done.subscription() != null ? done.subscription().result()
                : attempt.keepSubscription(provisionSubscription(attempt, tenant, apiKey, request, customer,
                        ownSubscriptionId), clock.instant());
        String subscriptionId = subscription.subscriptionId();
        if (record.operation() == Operation.PROVISION_OPPORTUNITY) {
            changes.recordOriginal(record, request, subscriptionId);
        }
        String opportunityId = request.salesforceOpportunityId();
        Link.SubscriptionLink subscriptionLink = new Link.SubscriptionLink(subscriptionId,
                subscription.subscriptionUrl(), opportunityId,
                DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Opportunity", opportunityId));
        return new Provisioned(new SubscriptionResult(customerId, customerUrl(tenant, customerId), customer, subscription),
                customerLinks(record, tenant, request.salesforceAccountId(), customerId, subscriptionLink));
    }

    private SubscriptionOutcome provisionSubscription(Attempt attempt, Tenant tenant, String apiKey,
            SubscriptionRequest request, CustomerOutcome customer, String ownSubscriptionId) {
        RequestRecord record = attempt.record();
        // A customer this request created has no live subscription to renew: no read is spent on it.
        if (record.operation() == Operation.PROVISION_OPPORTUNITY && !customer.created()
                && !changes.wantsNewSubscription(record, request)) {
            Optional<SubscriptionOutcome> renewed = changes.renewLive(record, tenant, apiKey, request, ownSubscriptionId,
                    more -> admit(attempt, tenant, more));
            if (renewed.isPresent()) {
                return renewed.get();
            }
        }
        SubscriptionInput input = StiggInputs.subscription(request, ownSubscriptionId, record.requestId(), tenant);
        try {
            ProvisionedSubscription provisioned = stigg.provisionSubscription(apiKey, input);
            return subscriptionOutcome(provisioned.subscription(), provisioned, tenant);
        } catch (StiggException e) {
            if (e.code() != StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                throw e;
            }
            return existingSubscription(apiKey, request.stiggCustomerId(), ownSubscriptionId, tenant).orElseThrow(() -> e);
        }
    }

    private Provisioned createCreditGrant(Attempt attempt, CreditGrantRequest request, Tenant tenant, String apiKey) {
        String customerId = request.stiggCustomerId();
        return new Provisioned(new CreditGrantResult(customerId, customerUrl(tenant, customerId),
                grantOutcome(grant(attempt, tenant, apiKey, request))), List.of());
    }

    /** A retry looks for the grant an earlier attempt may have made (it carries the request id) before making one. */
    private StiggCreditGrant grant(Attempt attempt, Tenant tenant, String apiKey, CreditGrantRequest request) {
        RequestRecord record = attempt.record();
        if (record.attempts() > 1) {
            Optional<StiggCreditGrant> earlier = stigg.creditGrants(apiKey, request.stiggCustomerId(), request.currencyId())
                    .stream()
                    .filter(g -> record.requestId().equals(g.additionalMetaData().get(StiggInputs.REQUEST_ID_KEY)))
                    .findFirst();
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        admit(attempt, tenant, List.of(new Pacer.StiggCall(Pacer.CREATE_CREDIT_GRANT, request.stiggCustomerId())));
        return stigg.createCreditGrant(apiKey, StiggInputs.creditGrant(request, record.requestId()));
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
    private CustomerOutcome ensureCustomer(SubscriptionRequest request, Tenant tenant, String apiKey) {
        try {
            return customerOutcome(stigg.provisionCustomer(apiKey, StiggInputs.customerOf(request, tenant)), true);
        } catch (StiggException e) {
            if (e.code() == StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                return CustomerOutcome.existing(request.stiggCustomerId());
            }
            throw e;
        }
    }

    private Optional<SubscriptionOutcome> existingSubscription(String apiKey, String customerId, String subscriptionId,
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

    private String customerUrl(Tenant tenant, String customerId) {
        return links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId);
    }

    private static CustomerOutcome customerOutcome(StiggCustomer customer, boolean created) {
        return new CustomerOutcome(customer.customerId(), customer.name(), customer.email(), customer.salesforceId(),
                created);
    }

    private SubscriptionOutcome subscriptionOutcome(StiggSubscription subscription, ProvisionedSubscription provisioned,
            Tenant tenant) {
        String id = subscription.subscriptionId();
        List<SubscriptionOutcome.AddonLine> addons = subscription.addons().stream()
                .map(a -> new SubscriptionOutcome.AddonLine(
                        a.addon() != null && a.addon().refId() != null ? a.addon().refId() : a.addonId(), a.quantity()))
                .toList();
        return new SubscriptionOutcome(id, links.stiggSubscription(tenant.stiggEnvironmentSlug(), id),
                subscription.status(), provisioned == null ? null : provisioned.status(),
                provisioned == null ? null : provisioned.checkoutUrl(), subscription.planId(), subscription.planName(),
                subscription.billingPeriod(), subscription.startDate(), subscription.trialEndDate(),
                subscription.salesforceId(), addons, null, null);
    }

    private static CreditGrantOutcome grantOutcome(StiggCreditGrant grant) {
        return new CreditGrantOutcome(grant.grantId(), grant.status(), grant.currencyId(), grant.customerId(),
                grant.displayName(), grant.effectiveAt(), grant.expireAt(), grant.amount());
    }
}
