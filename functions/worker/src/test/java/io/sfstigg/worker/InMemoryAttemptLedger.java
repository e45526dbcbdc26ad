package io.sfstigg.worker;

import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's ledger on a map, keeping the contract of {@link AttemptLedger}: one attempt at a time
 * under a lease, none after success, none for a stale copy or for a failed request's own message on
 * its way to the dead-letter queue; steps merged, never dropped; receives spent cleared by a final
 * status.
 */
final class InMemoryAttemptLedger implements AttemptLedger {
    private final Map<String, RequestRecord> records = new HashMap<>();
    private final Map<String, List<LinkUpdate>> links = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private int next;

    /** A new QUEUED request, as intake leaves it. */
    String accept(String tenantId, Operation operation, ProvisioningRequest payload, String customerId, Instant createdAt) {
        String id = "req_" + String.format("%032d", ++next);
        records.put(id, RequestRecord.accepted(id, tenantId, operation, "key-" + next, "hash", payload, customerId,
                createdAt, createdAt));
        return id;
    }

    /** Another worker's attempt, under way until {@code until}. */
    void holdLease(String requestId, Instant until) {
        Row row = row(requestId);
        row.status = RequestStatus.IN_PROGRESS;
        row.attempts++;
        row.lease = until;
        records.put(requestId, row.toRecord(row.updatedAt));
    }

    /** The links written with the request's success, or null when it has not succeeded. */
    List<LinkUpdate> linksOf(String requestId) {
        return links.get(requestId);
    }

    /** The writes made, in order, by the name of the method that made them. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public Optional<RequestRecord> find(String requestId) {
        return Optional.ofNullable(records.get(requestId));
    }

    @Override
    public Optional<RequestRecord> startAttempt(String requestId, String messageId, int copy, Instant now,
            Instant leaseUntil) {
        RequestRecord r = records.get(requestId);
        boolean leaseHeld = r != null && r.processingLeaseUntil() != null && !r.processingLeaseUntil().isBefore(now);
        boolean ownFailedMessage = r != null && r.status().isFinal() && messageId.equals(r.failedMessageId())
                && r.deadLetteredAt() == null;
        if (r == null || r.status() == RequestStatus.SUCCEEDED || leaseHeld || ownFailedMessage || copy < r.copy()) {
            return Optional.empty();
        }
        writes.add("startAttempt");
        Row row = new Row(r);
        row.status = RequestStatus.IN_PROGRESS;
        row.attempts++;
        row.lease = leaseUntil;
        row.deadLetteredAt = null;
        records.put(requestId, row.toRecord(now));
        return find(requestId);
    }

    @Override
    public void succeed(String requestId, RequestResult result, Steps steps, List<LinkUpdate> linkUpdates,
            Instant now) {
        Row row = settle("succeed", requestId, RequestStatus.SUCCEEDED, steps);
        row.result = result;
        row.error = null;
        links.put(requestId, List.copyOf(linkUpdates));
        records.put(requestId, row.toRecord(now));
    }

    @Override
    public void retrying(String requestId, int copy, int priorReceives, StepError error, Steps steps,
            Instant now) {
        Row row = settle("retrying", requestId, RequestStatus.RETRYING, steps);
        row.error = error;
        row.copy = copy;
        row.priorReceives = priorReceives;
        records.put(requestId, row.toRecord(now));
    }

    @Override
    public void requeued(String requestId, int copy, StepError error, Steps steps, Instant now) {
        Row row = settle("requeued", requestId, error == null ? RequestStatus.QUEUED : RequestStatus.RETRYING, steps);
        row.copy = copy;
        row.attempts--;
        if (error != null) {
            row.error = error;
        }
        records.put(requestId, row.toRecord(now));
    }

    @Override
    public void exhausted(String requestId, StepError error, String messageId, Steps steps, Instant now) {
        failed("exhausted", requestId, RequestStatus.DEAD_LETTERED, error, messageId, steps, now);
    }

    @Override
    public void fail(String requestId, StepError error, String messageId, Steps steps, Instant now) {
        failed("fail", requestId, RequestStatus.FAILED, error, messageId, steps, now);
    }

    private void failed(String write, String requestId, RequestStatus status, StepError error, String messageId,
            Steps steps, Instant now) {
        Row row = settle(write, requestId, status, steps);
        row.error = error;
        row.failedMessageId = messageId;
        records.put(requestId, row.toRecord(now));
    }

    @Override
    public void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId,
            Instant now) {
        Row row = settle("markDeadLettered", requestId, status, null);
        row.error = error;
        row.failedMessageId = messageId;
        row.deadLetteredAt = now;
        records.put(requestId, row.toRecord(now));
    }

    /** A write that sets the status, merges the steps done and ends the processing lease. */
    private Row settle(String write, String requestId, RequestStatus status, Steps steps) {
        writes.add(write);
        Row row = row(requestId);
        row.status = status;
        row.lease = null;
        if (steps != null) {
            row.steps = row.steps.and(steps);
        }
        if (status.isFinal()) {
            row.priorReceives = 0;
        }
        return row;
    }

    private Row row(String requestId) {
        RequestRecord r = records.get(requestId);
        if (r == null) {
            throw new IllegalStateException("no request " + requestId + " in the ledger");
        }
        return new Row(r);
    }

    /** The fields a worker's write may change. */
    private static final class Row {
        private final RequestRecord from;
        private final Instant updatedAt;
        private Steps steps;
        private RequestStatus status;
        private int attempts;
        private StepError error;
        private RequestResult result;
        private String failedMessageId;
        private Instant lease;
        private Instant deadLetteredAt;
        private int copy;
        private int priorReceives;

        Row(RequestRecord r) {
            from = r;
            updatedAt = r.updatedAt();
            steps = r.steps();
            status = r.status();
            attempts = r.attempts();
            error = r.lastError();
            result = r.result();
            failedMessageId = r.failedMessageId();
            lease = r.processingLeaseUntil();
            deadLetteredAt = r.deadLetteredAt();
            copy = r.copy();
            priorReceives = r.priorReceives();
        }

        RequestRecord toRecord(Instant now) {
            return new RequestRecord(from.requestId(), from.tenantId(), from.operation(), status,
                    from.idempotencyKey(), from.bodyHash(), from.payload(), from.stiggCustomerId(), from.createdAt(),
                    now, from.enqueuedAt(), from.enqueueLeaseUntil(), attempts, error, result, steps, failedMessageId,
                    lease, deadLetteredAt, copy, priorReceives);
        }
    }
}
