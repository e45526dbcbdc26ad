package io.sfstigg.core.opportunity;

import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import java.time.Instant;
import java.util.List;

/**
 * What the ledger knows of one opportunity: the request that first provisioned it, the
 * subscription it has now (and, for a renewal, when its change applies), the last revision applied to it (and the desired state that revision
 * asked for), its cancellation, and every request made for it.
 */
public record OpportunityState(
        String tenantId,
        String opportunityId,
        String originalRequestId,
        Revision originalRevision,
        boolean newSubscription,
        ApplyAt applyAt,
        String stiggCustomerId,
        String subscriptionId,
        String appliedRequestId,
        Revision appliedRevision,
        SubscriptionRequest applied,
        Instant appliedAt,
        String cancelRequestId,
        List<HistoryEntry> history) {

    /** One request made for the opportunity, in the order they were accepted. */
    public record HistoryEntry(String requestId, Operation operation, String revision, Instant at) {}

    public boolean isApplied() {
        return appliedRequestId != null;
    }
}
