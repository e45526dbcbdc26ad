package io.sfstigg.api.intake;

import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityState;
import io.sfstigg.core.opportunity.OpportunityState.HistoryEntry;
import io.sfstigg.core.opportunity.OpportunityStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The opportunity store's contract in memory, for unit tests of the decisions around it. */
public final class InMemoryOpportunityStore implements OpportunityStore {
    private final Map<String, OpportunityState> states = new HashMap<>();

    @Override
    public synchronized Optional<OpportunityState> find(String tenantId, String opportunityId) {
        return Optional.ofNullable(states.get(tenantId + "#" + opportunityId));
    }

    @Override
    public synchronized boolean registerOriginal(String tenantId, String opportunityId, String requestId,
            Revision revision, boolean newSubscription, ApplyAt applyAt, String stiggCustomerId, Instant now) {
        return states.putIfAbsent(tenantId + "#" + opportunityId, new OpportunityState(tenantId, opportunityId, requestId,
                revision, newSubscription, applyAt, stiggCustomerId, null, null, null, null, null, null, List.of())) == null;
    }

    @Override
    public synchronized void addHistory(String tenantId, String opportunityId, String requestId, Operation operation,
            Revision revision, Instant now) {
        OpportunityState s = states.get(tenantId + "#" + opportunityId);
        List<HistoryEntry> history = new ArrayList<>(s.history());
        history.add(new HistoryEntry(requestId, operation, revision == null ? null : revision.text(), now));
        put(new OpportunityState(s.tenantId(), s.opportunityId(), s.originalRequestId(), s.originalRevision(),
                s.newSubscription(), s.applyAt(), s.stiggCustomerId(), s.subscriptionId(), s.appliedRequestId(), s.appliedRevision(),
                s.applied(), s.appliedAt(), s.cancelRequestId(), List.copyOf(history)));
    }

    @Override
    public synchronized boolean recordApplied(String tenantId, String opportunityId, String requestId, Revision revision,
            String subscriptionId, SubscriptionRequest applied, Instant now) {
        OpportunityState s = states.get(tenantId + "#" + opportunityId);
        boolean allowed = s.appliedRevision() == null || requestId.equals(s.appliedRequestId())
                || revision != null && s.appliedRevision().value() < revision.value();
        if (!allowed) {
            return false;
        }
        put(new OpportunityState(s.tenantId(), s.opportunityId(), s.originalRequestId(), s.originalRevision(),
                s.newSubscription(), s.applyAt(), s.stiggCustomerId(), subscriptionId, requestId, revision, applied, now,
                s.cancelRequestId(), s.history()));
        return true;
    }

    private final Map<String, String> changeClaims = new HashMap<>();
    private final Map<String, Instant> changeLeases = new HashMap<>();

    @Override
    public synchronized boolean claimChange(String tenantId, String opportunityId, String requestId, Instant now,
            Instant until) {
        String key = tenantId + "#" + opportunityId;
        String holder = changeClaims.get(key);
        if (holder != null && !holder.equals(requestId) && changeLeases.get(key).isAfter(now)) {
            return false;
        }
        changeClaims.put(key, requestId);
        changeLeases.put(key, until);
        return true;
    }

    @Override
    public synchronized void releaseChange(String tenantId, String opportunityId, String requestId) {
        String key = tenantId + "#" + opportunityId;
        if (requestId.equals(changeClaims.get(key))) {
            changeClaims.remove(key);
            changeLeases.remove(key);
        }
    }

    @Override
    public synchronized boolean claimCancellation(String tenantId, String opportunityId, String requestId, Instant now) {
        OpportunityState s = states.get(tenantId + "#" + opportunityId);
        if (s == null || s.cancelRequestId() != null && !s.cancelRequestId().equals(requestId)) {
            return false;
        }
        put(new OpportunityState(s.tenantId(), s.opportunityId(), s.originalRequestId(), s.originalRevision(),
                s.newSubscription(), s.applyAt(), s.stiggCustomerId(), s.subscriptionId(), s.appliedRequestId(), s.appliedRevision(),
                s.applied(), s.appliedAt(), requestId, s.history()));
        return true;
    }

    private void put(OpportunityState state) {
        states.put(state.tenantId() + "#" + state.opportunityId(), state);
    }
}
