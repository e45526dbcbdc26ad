package io.sfstigg.worker;

import static io.sfstigg.core.log.Log.kv;

import io.sfstigg.core.ledger.AmendmentResult;
import io.sfstigg.core.ledger.CancellationOutcome;
import io.sfstigg.core.ledger.CancellationResult;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.SubscriptionOutcome;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.MetadataValue;
import io.sfstigg.core.model.OpportunityAmendment;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityState;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.opportunity.SubscriptionChange;
import io.sfstigg.core.opportunity.SubscriptionChange.Aspect;
import io.sfstigg.core.stigg.CancellationInput;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCancellation;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.SubscriptionUpdateInput;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to a subscription after its opportunity was provisioned: amendments (the desired state
 * compared with the last applied one, then {@code updateOneSubscription}, or a new plan provisioned
 * for the customer, which Stigg applies as an upgrade or a scheduled downgrade), renewals of a live
 * subscription by a new opportunity, and cancellations. Each waits for the opportunity's first
 * provisioning, and each is safe to run again: updates set whole lists, a plan change carries an id
 * derived from its request, and cancelling a cancelled subscription counts as done.
 */
final class SubscriptionChanges {
    private static final Log LOG = Log.of(SubscriptionChanges.class);
    private static final Set<String> LIVE = Set.of("ACTIVE", "IN_TRIAL", "PAYMENT_PENDING");
    /** How long a change holds its opportunity when its worker dies before releasing it. */
    private static final java.time.Duration CHANGE_LEASE = java.time.Duration.ofMinutes(2);

    private final Stigg stigg;
    private final LedgerReader ledger;
    private final OpportunityStore opportunities;
    private final DeepLinks links;
    private final Clock clock;

    /** Takes the {@link Pacer}'s permits for the Stigg mutations about to be made. */
    interface Permits {
        void admit(List<Pacer.StiggCall> calls);
    }

    SubscriptionChanges(Stigg stigg, LedgerReader ledger, OpportunityStore opportunities, DeepLinks links, Clock clock) {
        this.stigg = stigg;
        this.ledger = ledger;
        this.opportunities = opportunities;
        this.links = links;
        this.clock = clock;
    }

    Provisioner.Provisioned amend(RequestRecord record, OpportunityAmendment amendment, Tenant tenant, String apiKey,
            Permits permits) {
        provisionedState(record, amendment.opportunityId());
        claimChange(record, amendment.opportunityId());
        try {
            return amendClaimed(record, tenant, apiKey, amendment, provisionedState(record, amendment.opportunityId()),
                    permits);
        } finally {
            opportunities.releaseChange(record.tenantId(), amendment.opportunityId(), record.requestId());
        }
    }

    private Provisioner.Provisioned amendClaimed(RequestRecord record, Tenant tenant, String apiKey,
            OpportunityAmendment amendment, OpportunityState state, Permits permits) {
        if (state.cancelRequestId() != null) {
            throw new OpportunityChangeException("OpportunityCancelled", "opportunity " + amendment.opportunityId()
                    + " was cancelled by request " + state.cancelRequestId() + "; the amendment is not applied", false);
        }
        Revision applied = state.appliedRevision();
        if (record.requestId().equals(state.appliedRequestId())) {
            LOG.info("amendment applied by an earlier attempt", kv("requestId", record.requestId()));
            return new Provisioner.Provisioned(result(tenant, state, amendment.revision(), List.of(), true, null),
                    List.of());
        }
        if (applied != null && amendment.revision().value() <= applied.value()) {
            throw new OpportunityChangeException("StaleRevision", "revision " + amendment.revision().text()
                    + " is not newer than revision " + applied.text() + ", applied by request " + state.appliedRequestId()
                    + "; nothing was sent to Stigg", false);
        }
        SubscriptionRequest before = state.applied();
        SubscriptionRequest desired = keepUnsaid(before, amendment.desired());
        SubscriptionChange change = SubscriptionChange.between(before, desired);
        String subscriptionId = state.subscriptionId();
        if (change.has(Aspect.PLAN)) {
            permits.admit(List.of(new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, state.stiggCustomerId())));
            subscriptionId = changePlan(record, tenant, apiKey, desired, amendment.applyAt());
        } else if (!change.isEmpty()) {
            permits.admit(List.of(new Pacer.StiggCall(Pacer.UPDATE_SUBSCRIPTION, state.stiggCustomerId())));
            stigg.updateSubscription(apiKey, updateInput(desired, change, subscriptionId, amendment.applyAt(), record,
                    amendment.revision(), tenant));
        }
        if (!opportunities.recordApplied(record.tenantId(), amendment.opportunityId(), record.requestId(),
                amendment.revision(), subscriptionId, desired, clock.instant())) {
            LOG.warn("a newer revision was recorded while this one was applied", kv("requestId", record.requestId()));
        }
        List<LinkUpdate> newLinks = subscriptionId.equals(state.subscriptionId()) ? List.of()
                : List.of(subscriptionLink(record, tenant, desired, subscriptionId));
        OpportunityState now = opportunities.find(record.tenantId(), amendment.opportunityId()).orElse(state);
        return new Provisioner.Provisioned(result(tenant, now, amendment.revision(), change.changed(), false,
                amendment.applyAt()), newLinks);
    }

    /**
     * A renewal or upsell: a new opportunity for a customer whose live subscription is on the same
     * product changes that subscription. Empty when there is none (or it is this request's own). A plan
     * change is a new subscription, under the permits the first provisioning took; an update takes its own.
     */
    Optional<SubscriptionOutcome> renewLive(RequestRecord record, Tenant tenant, String apiKey, SubscriptionRequest desired,
            String ownSubscriptionId, Permits permits) {
        Optional<StiggSubscription> live = liveSubscriptionToRenew(apiKey, desired);
        if (live.isEmpty() || ownSubscriptionId.equals(live.get().subscriptionId())) {
            return Optional.empty();
        }
        StiggSubscription current = live.get();
        ApplyAt applyAt = java.util.Objects.requireNonNullElse(renewalApplyAt(record, desired), ApplyAt.NOW);
        String subscriptionId = current.subscriptionId();
        String status;
        if (!desired.planId().equals(current.planId())) {
            subscriptionId = changePlan(record, tenant, apiKey, desired, applyAt);
            status = null;
        } else {
            SubscriptionChange all = new SubscriptionChange(List.of(Aspect.ADDONS, Aspect.ENTITLEMENTS,
                    Aspect.CREDIT_ENTITLEMENTS, Aspect.PRICE_OVERRIDES, Aspect.BILLING_PERIOD));
            permits.admit(List.of(new Pacer.StiggCall(Pacer.UPDATE_SUBSCRIPTION, desired.stiggCustomerId())));
            status = stigg.updateSubscription(apiKey, updateInput(desired, all, subscriptionId, applyAt, record, null,
                    tenant)).status();
        }
        LOG.info("renewal changed the customer's live subscription", kv("requestId", record.requestId()),
                kv("subscriptionId", subscriptionId));
        return Optional.of(SubscriptionOutcome.renewal(subscriptionId,
                links.stiggSubscription(tenant.stiggEnvironmentSlug(), subscriptionId), status, desired.planId(),
                applyAt.name()));
    }

    /** Records the first provisioning as the opportunity's applied state. */
    void recordOriginal(RequestRecord record, SubscriptionRequest request, String subscriptionId) {
        String opportunityId = request.salesforceOpportunityId();
        opportunities.registerOriginal(record.tenantId(), opportunityId, record.requestId(), null, false, null,
                request.stiggCustomerId(), clock.instant());
        OpportunityState state = opportunities.find(record.tenantId(), opportunityId).orElseThrow();
        if (record.requestId().equals(state.originalRequestId())) {
            opportunities.recordApplied(record.tenantId(), opportunityId, record.requestId(), state.originalRevision(),
                    subscriptionId, request, clock.instant());
        }
    }

    boolean wantsNewSubscription(RequestRecord record, SubscriptionRequest request) {
        return opportunities.find(record.tenantId(), request.salesforceOpportunityId())
                .map(OpportunityState::newSubscription).orElse(false);
    }

    /** When a renewal's change applies: as its opportunity asked ({@code applyAt}), else now. */
    private ApplyAt renewalApplyAt(RequestRecord record, SubscriptionRequest request) {
        return opportunities.find(record.tenantId(), request.salesforceOpportunityId())
                .map(OpportunityState::applyAt).orElse(ApplyAt.NOW);
    }

    Provisioner.Provisioned cancel(RequestRecord record, CancellationRequest request, Tenant tenant, String apiKey,
            Permits permits) {
        if (request.opportunityId() == null) {
            return cancelClaimed(record, tenant, apiKey, request, request.subscriptionId(), permits);
        }
        provisionedState(record, request.opportunityId());
        claimChange(record, request.opportunityId());
        try {
            return cancelClaimed(record, tenant, apiKey, request, provisionedState(record, request.opportunityId())
                    .subscriptionId(), permits);
        } finally {
            opportunities.releaseChange(record.tenantId(), request.opportunityId(), record.requestId());
        }
    }

    private Provisioner.Provisioned cancelClaimed(RequestRecord record, Tenant tenant, String apiKey,
            CancellationRequest request, String subscriptionId, Permits permits) {
        CancellationInput input = new CancellationInput(subscriptionId, request.cancellationTime().name(),
                request.endDate(), request.cancellationAction() == null ? null : request.cancellationAction().name(),
                request.prorate());
        String subscriptionUrl = links.stiggSubscription(tenant.stiggEnvironmentSlug(), subscriptionId);
        String time = request.cancellationTime().name();
        permits.admit(List.of(new Pacer.StiggCall(Pacer.CANCEL_SUBSCRIPTION, request.stiggCustomerId())));
        CancellationOutcome outcome;
        try {
            StiggCancellation cancelled = stigg.cancelSubscription(apiKey, input);
            outcome = new CancellationOutcome(subscriptionId, subscriptionUrl, time, cancelled.status(),
                    cancelled.cancellationDate(), false);
        } catch (StiggException e) {
            if (e.code() != StiggErrorCode.SUBSCRIPTION_ALREADY_CANCELED_OR_EXPIRED) {
                throw e;
            }
            outcome = new CancellationOutcome(subscriptionId, subscriptionUrl, time, "CANCELED", null, true);
        }
        String customerId = request.stiggCustomerId();
        return new Provisioner.Provisioned(new CancellationResult(customerId,
                customerId == null ? null : links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId),
                request.opportunityId(), outcome), List.of());
    }

    /** One change to an opportunity's subscription at a time; a second waits (retryable) for the first. */
    private void claimChange(RequestRecord record, String opportunityId) {
        if (!opportunities.claimChange(record.tenantId(), opportunityId, record.requestId(), clock.instant(),
                clock.instant().plus(CHANGE_LEASE))) {
            throw new OpportunityChangeException("OpportunityChangeInProgress", "another change to opportunity "
                    + opportunityId + " is being applied; this one follows it", true);
        }
    }

    /**
     * The opportunity's state once its first provisioning succeeded; waits (retryable) while it
     * runs or sits in the dead-letter queue (a redrive may still bring it through).
     */
    private OpportunityState provisionedState(RequestRecord record, String opportunityId) {
        OpportunityState state = opportunities.find(record.tenantId(), opportunityId).orElseThrow(() ->
                new OpportunityChangeException("OpportunityNotProvisioned", "opportunity " + opportunityId
                        + " has no provisioning request", false));
        if (state.isApplied()) {
            return state;
        }
        Optional<RequestRecord> original = ledger.find(state.originalRequestId());
        if (original.isPresent() && original.get().status() == RequestStatus.FAILED) {
            throw new OpportunityChangeException("OriginalProvisioningFailed", "the opportunity's provisioning (request "
                    + state.originalRequestId() + ") ended " + original.get().status() + "; replay it first", false);
        }
        throw new OpportunityChangeException("WaitingForOriginal", "the opportunity's provisioning (request "
                + state.originalRequestId() + ") has not finished; this request is applied after it", true);
    }

    private String changePlan(RequestRecord record, Tenant tenant, String apiKey, SubscriptionRequest desired,
            ApplyAt applyAt) {
        String subscriptionId = Provisioner.subscriptionId(record.requestId());
        SubscriptionInput input = StiggInputs.subscription(desired, subscriptionId, record.requestId(), tenant)
                .withScheduleStrategy(applyAt.stiggValue());
        try {
            stigg.provisionSubscription(apiKey, input);
        } catch (StiggException e) {
            if (e.code() != StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED) {
                throw e;
            }
            LOG.info("plan change provisioned by an earlier attempt", kv("requestId", record.requestId()));
        }
        return subscriptionId;
    }

    /** {@code UpdateSubscriptionInput} with the whole desired list of each changed part (a list sets, never adds). */
    private static SubscriptionUpdateInput updateInput(SubscriptionRequest desired, SubscriptionChange change,
            String subscriptionId, ApplyAt applyAt, RequestRecord record, Revision revision, Tenant tenant) {
        SubscriptionInput full = StiggInputs.subscription(desired, subscriptionId, record.requestId(), tenant);
        Map<String, MetadataValue> metadata = new LinkedHashMap<>(full.additionalMetaData());
        if (revision != null) {
            metadata.put("salesforceRevision", MetadataValue.of(revision.text()));
        }
        boolean entitlements = change.has(Aspect.ENTITLEMENTS) || change.has(Aspect.CREDIT_ENTITLEMENTS);
        return new SubscriptionUpdateInput(subscriptionId, applyAt.stiggValue(),
                change.has(Aspect.ADDONS) ? orEmpty(full.addons()) : null,
                entitlements ? orEmpty(full.entitlements()) : null,
                change.has(Aspect.PRICE_OVERRIDES) ? orEmpty(full.priceOverrides()) : null,
                change.has(Aspect.BILLING_PERIOD) ? full.billingPeriod() : null,
                desired.salesforceOpportunityId(), metadata);
    }

    /** A list left out of the full input is sent empty: the update sets the whole list. */
    private static <T> List<T> orEmpty(List<T> lines) {
        return lines == null ? List.of() : lines;
    }

    /** A billing period left out of an amendment keeps the one applied. */
    private static SubscriptionRequest keepUnsaid(SubscriptionRequest before, SubscriptionRequest desired) {
        if (desired.billingPeriod() != null || before.billingPeriod() == null) {
            return desired;
        }
        return new SubscriptionRequest(desired.salesforceAccountId(), desired.stiggCustomerId(), desired.customerEmail(),
                desired.customerName(), desired.salesforceOpportunityId(), desired.planId(),
                desired.planBaseChargeOverride(), desired.addons(), desired.entitlements(), before.billingPeriod(),
                desired.paymentCollectionMethod(), desired.trial(), desired.trialEndDate(), desired.startDate(),
                desired.resourceId(), desired.creditEntitlements());
    }

    /**
     * The customer's live subscription that a new opportunity for {@code desired} renews: the one
     * on the same plan, else, when every live one is on one product, the latest of them (Stigg keeps
     * one live subscription per product for a customer).
     */
    private Optional<StiggSubscription> liveSubscriptionToRenew(String apiKey, SubscriptionRequest desired) {
        List<StiggSubscription> live = stigg.findCustomer(apiKey, desired.stiggCustomerId())
                .map(StiggCustomer::subscriptions).orElse(List.of()).stream()
                .filter(s -> s.status() != null && LIVE.contains(s.status()) && s.cancellationDate() == null)
                .toList();
        for (StiggSubscription subscription : live) {
            if (desired.planId().equals(subscription.planId())) {
                return Optional.of(subscription);
            }
        }
        long products = live.stream().map(StiggSubscription::productId).distinct().count();
        return products == 1 ? Optional.of(live.get(live.size() - 1)) : Optional.empty();
    }

    /** The link a plan change leaves: the opportunity's subscription is now the new one. */
    private LinkUpdate subscriptionLink(RequestRecord record, Tenant tenant, SubscriptionRequest request,
            String subscriptionId) {
        String opportunity = request.salesforceOpportunityId();
        String accountId = request.salesforceAccountId();
        String customerId = request.stiggCustomerId();
        return new LinkUpdate(record.tenantId(), accountId,
                accountId == null ? null : DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Account", accountId),
                customerId, links.stiggCustomer(tenant.stiggEnvironmentSlug(), customerId),
                new Link.SubscriptionLink(subscriptionId, links.stiggSubscription(tenant.stiggEnvironmentSlug(), subscriptionId),
                        opportunity, DeepLinks.salesforceRecord(tenant.salesforceDomain(), "Opportunity", opportunity)));
    }

    private AmendmentResult result(Tenant tenant, OpportunityState state, Revision revision, List<Aspect> changed,
            boolean earlier, ApplyAt applyAt) {
        String planId = state.applied() == null ? null : state.applied().planId();
        return new AmendmentResult(state.stiggCustomerId(),
                links.stiggCustomer(tenant.stiggEnvironmentSlug(), state.stiggCustomerId()), state.opportunityId(),
                revision.text(), new AmendmentResult.AmendedSubscription(state.subscriptionId(),
                        links.stiggSubscription(tenant.stiggEnvironmentSlug(), state.subscriptionId()), planId),
                changed, changed.isEmpty() && !earlier, !changed.isEmpty(), applyAt == null ? null : applyAt.name());
    }
}
