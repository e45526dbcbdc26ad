package io.sfstigg.api.intake;

import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.api.validation.OpportunityChanges.Options;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.CancellationTime;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.OpportunityAmendment;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityState;
import io.sfstigg.core.opportunity.OpportunityStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Requests about an opportunity, accepted against what the ledger knows of it. The first
 * provisioning is an ordinary request; a different desired state for an opportunity provisioned
 * (or being provisioned) already is an amendment, one request per revision; an older revision
 * than the one applied is refused; a cancellation is one per opportunity.
 */
public final class OpportunityIntake {
    private final RequestIntake intake;
    private final OpportunityStore store;
    private final LedgerReader ledger;
    private final Clock clock;

    public OpportunityIntake(RequestIntake intake, OpportunityStore store, LedgerReader ledger, Clock clock) {
        this.intake = intake;
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** {@code POST /v1/opportunities/{id}/provision}: the opportunity's desired state. */
    public Accepted provision(String tenantId, SubscriptionRequest desired, Options options, String idempotencyKey) {
        return provision(tenantId, desired, options, idempotencyKey, 0);
    }

    /**
     * As {@link #provision(String, SubscriptionRequest, Options, String)}, counting the request
     * against the org's {@code requestsPerSecond} (0: no limit) as {@link RequestIntake} does.
     */
    public Accepted provision(String tenantId, SubscriptionRequest desired, Options options, String idempotencyKey,
            int requestsPerSecond) {
        String opportunityId = desired.salesforceOpportunityId();
        Optional<OpportunityState> known = store.find(tenantId, opportunityId);
        if (known.isEmpty()) {
            Accepted accepted = intake.accept(tenantId, Operation.PROVISION_OPPORTUNITY, idempotencyKey, desired,
                    desired.stiggCustomerId(), requestsPerSecond);
            if (store.registerOriginal(tenantId, opportunityId, accepted.record().requestId(), options.revision(),
                    options.newSubscription(), options.applyAt(), desired.stiggCustomerId(), clock.instant())
                    || !accepted.replayed()) {
                store.addHistory(tenantId, opportunityId, accepted.record().requestId(), Operation.PROVISION_OPPORTUNITY,
                        options.revision(), clock.instant());
            }
            return accepted;
        }
        OpportunityState state = known.get();
        RequestRecord original = ledger.find(state.originalRequestId()).orElse(null);
        boolean amended = state.history().stream().anyMatch(h -> h.operation() != Operation.PROVISION_OPPORTUNITY);
        if (!amended && original != null
                && original.bodyHash().equals(RequestIntake.bodyHash(Operation.PROVISION_OPPORTUNITY, desired))) {
            return intake.accept(tenantId, Operation.PROVISION_OPPORTUNITY, original.idempotencyKey(), desired,
                    desired.stiggCustomerId(), requestsPerSecond);
        }
        return amend(tenantId, state, desired, options, requestsPerSecond);
    }

    private Accepted amend(String tenantId, OpportunityState state, SubscriptionRequest desired, Options options,
            int requestsPerSecond) {
        String opportunityId = state.opportunityId();
        if (state.cancelRequestId() != null) {
            throw new OpportunityConflictException("opportunity-cancelled", "opportunity " + opportunityId
                    + " was cancelled by request " + state.cancelRequestId() + "; it cannot be changed any more");
        }
        Revision revision = options.revision();
        if (revision == null) {
            throw new io.sfstigg.api.validation.ValidationException(java.util.List.of(new io.sfstigg.api.validation.FieldError(
                    "systemModstamp", "opportunity " + opportunityId + " was provisioned already (request "
                            + state.originalRequestId() + "); to change it, send its systemModstamp or a revision")));
        }
        String key = "amendment:" + opportunityId + ":" + revision.value();
        String requestId = RequestIntake.requestId(tenantId, Operation.AMEND_OPPORTUNITY, key);
        Revision applied = state.appliedRevision();
        if (applied != null && revision.value() <= applied.value() && !requestId.equals(state.appliedRequestId())) {
            throw new OpportunityConflictException("stale-revision", "revision " + revision.text()
                    + " of opportunity " + opportunityId + " is " + (revision.value() == applied.value() ? "the same as"
                            : "older than") + " revision " + applied.text() + ", applied already by request "
                    + state.appliedRequestId() + "; nothing was sent to Stigg");
        }
        OpportunityAmendment amendment = new OpportunityAmendment(opportunityId, revision, options.applyAt(), desired);
        Accepted accepted = intake.accept(tenantId, Operation.AMEND_OPPORTUNITY, key, amendment,
                state.stiggCustomerId(), requestsPerSecond);
        if (!accepted.replayed()) {
            store.addHistory(tenantId, opportunityId, accepted.record().requestId(), Operation.AMEND_OPPORTUNITY,
                    revision, clock.instant());
        }
        return accepted;
    }

    /** {@code POST /v1/opportunities/{id}/cancel}: the opportunity's subscription, once. */
    public Accepted cancelOpportunity(String tenantId, CancellationRequest request) {
        return cancelOpportunity(tenantId, request, 0);
    }

    /** As {@link #cancelOpportunity(String, CancellationRequest)}, counted against {@code requestsPerSecond}. */
    public Accepted cancelOpportunity(String tenantId, CancellationRequest request, int requestsPerSecond) {
        String opportunityId = request.opportunityId();
        OpportunityState state = store.find(tenantId, opportunityId).orElseThrow(() -> new UnknownOpportunityException(
                "opportunity " + opportunityId + " was never provisioned for this org: there is no subscription to cancel"));
        if (!state.isApplied()) {
            RequestRecord original = ledger.find(state.originalRequestId()).orElse(null);
            if (original != null && original.status().isFinal() && original.status() != RequestStatus.SUCCEEDED) {
                throw new OpportunityConflictException("not-provisioned", "opportunity " + opportunityId
                        + " was not provisioned: request " + original.requestId() + " ended " + original.status()
                        + "; there is no subscription to cancel");
            }
        }
        String key = "cancel:" + opportunityId;
        String requestId = RequestIntake.requestId(tenantId, Operation.CANCEL_SUBSCRIPTION, key);
        CancellationRequest payload = new CancellationRequest(opportunityId, null, state.stiggCustomerId(),
                request.cancellationTime(), request.endDate(), request.cancellationAction(), request.prorate());
        if (state.cancelRequestId() != null) {
            ledger.find(state.cancelRequestId())
                    .filter(r -> !r.bodyHash().equals(RequestIntake.bodyHash(Operation.CANCEL_SUBSCRIPTION, payload)))
                    .ifPresent(r -> {
                        throw new OpportunityConflictException("already-cancelled", "opportunity " + opportunityId
                                + " was cancelled already by request " + r.requestId() + " with "
                                + cancellationTime(r) + "; one cancellation per opportunity");
                    });
        }
        if (!store.claimCancellation(tenantId, opportunityId, requestId, clock.instant())) {
            throw new OpportunityConflictException("already-cancelled",
                    "opportunity " + opportunityId + " was cancelled already by another request");
        }
        Accepted accepted = intake.accept(tenantId, Operation.CANCEL_SUBSCRIPTION, key, payload, state.stiggCustomerId(),
                requestsPerSecond);
        if (!accepted.replayed()) {
            store.addHistory(tenantId, opportunityId, accepted.record().requestId(), Operation.CANCEL_SUBSCRIPTION, null,
                    clock.instant());
        }
        return accepted;
    }

    /**
     * {@code POST /v1/subscriptions/{id}/cancel}: a subscription this org provisioned. One that came
     * from an opportunity is cancelled as that opportunity is, so both routes make one cancellation.
     */
    public Accepted cancelSubscription(String tenantId, CancellationRequest request, Optional<String> opportunityId,
            int requestsPerSecond) {
        if (opportunityId.isPresent() && store.find(tenantId, opportunityId.get())
                .filter(s -> request.subscriptionId().equals(s.subscriptionId())).isPresent()) {
            return cancelOpportunity(tenantId, new CancellationRequest(opportunityId.get(), null, null,
                    request.cancellationTime(), request.endDate(), request.cancellationAction(), request.prorate()),
                    requestsPerSecond);
        }
        return intake.accept(tenantId, Operation.CANCEL_SUBSCRIPTION, "cancel-subscription:" + request.subscriptionId(),
                request, request.stiggCustomerId(), requestsPerSecond);
    }

    /** When a recorded cancellation asked the subscription to end. */
    private static CancellationTime cancellationTime(RequestRecord cancellation) {
        return cancellation.payload() instanceof CancellationRequest request ? request.cancellationTime() : null;
    }
}
