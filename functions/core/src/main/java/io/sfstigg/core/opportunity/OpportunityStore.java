package io.sfstigg.core.opportunity;

import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import java.time.Instant;
import java.util.Optional;

/** Per opportunity, what was asked and what was applied: the ledger's view of an opportunity. */
public interface OpportunityStore {
    Optional<OpportunityState> find(String tenantId, String opportunityId);

    /** Records the request that first provisions the opportunity; false when one is recorded already. */
    boolean registerOriginal(String tenantId, String opportunityId, String requestId, Revision revision,
            boolean newSubscription, ApplyAt applyAt, String stiggCustomerId, Instant now);

    void addHistory(String tenantId, String opportunityId, String requestId, Operation operation, Revision revision,
            Instant now);

    /**
     * Records that {@code requestId} brought the subscription to {@code applied}, unless a newer
     * revision was applied already; false then. A request recording itself again is accepted.
     */
    boolean recordApplied(String tenantId, String opportunityId, String requestId, Revision revision,
            String subscriptionId, SubscriptionRequest applied, Instant now);

    /**
     * Takes the right to change the opportunity's subscription until {@code until}: one change
     * (amendment or cancellation) at a time, so a newer revision is never overwritten by an older
     * one applied concurrently. False while another request holds an unexpired claim.
     */
    boolean claimChange(String tenantId, String opportunityId, String requestId, Instant now, Instant until);

    /** Gives the claim up, if {@code requestId} holds it. */
    void releaseChange(String tenantId, String opportunityId, String requestId);

    /** Takes the opportunity's one cancellation for {@code requestId}; false when another request holds it. */
    boolean claimCancellation(String tenantId, String opportunityId, String requestId, Instant now);
}
