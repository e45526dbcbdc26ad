package io.sfstigg.core.opportunity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ledger's intake side in memory; {@link #setStatus} plays the worker. */
public final class InMemoryLedger implements Ledger {
    private final Map<String, RequestRecord> records = new HashMap<>();

    @Override
    public synchronized boolean create(RequestRecord record) {
        return records.putIfAbsent(record.requestId(), record) == null;
    }

    @Override
    public synchronized Optional<RequestRecord> find(String requestId) {
        return Optional.ofNullable(records.get(requestId));
    }

    @Override
    public synchronized boolean claimEnqueue(String requestId, Instant now, Instant leaseUntil) {
        return records.get(requestId).enqueuedAt() == null;
    }

    @Override
    public synchronized void markEnqueued(String requestId, Instant at) {
        RequestRecord r = records.get(requestId);
        records.put(requestId, new RequestRecord(r.requestId(), r.tenantId(), r.operation(), r.status(), r.idempotencyKey(),
                r.bodyHash(), r.payload(), r.stiggCustomerId(), r.createdAt(), at, at, null, r.attempts(), r.lastError(),
                r.result(), r.steps(), r.failedMessageId(), r.processingLeaseUntil(), r.deadLetteredAt(), r.copy()));
    }

    @Override
    public void releaseEnqueueLease(String requestId) {
    }

    public synchronized void setStatus(String requestId, RequestStatus status) {
        RequestRecord r = records.get(requestId);
        records.put(requestId, new RequestRecord(r.requestId(), r.tenantId(), r.operation(), status, r.idempotencyKey(),
                r.bodyHash(), r.payload(), r.stiggCustomerId(), r.createdAt(), r.updatedAt(), r.enqueuedAt(), null,
                r.attempts(), r.lastError(), r.result(), r.steps(), r.failedMessageId(), r.processingLeaseUntil(),
                r.deadLetteredAt(), r.copy()));
    }

    @Override
    public Optional<RequestRecord> startAttempt(String requestId, String messageId, int copy, Instant now,
            Instant leaseUntil) {
        throw new UnsupportedOperationException("worker side");
    }

    @Override
    public void succeed(String requestId, ObjectNode result, ObjectNode steps, List<LinkUpdate> links, Instant now) {
        setStatus(requestId, RequestStatus.SUCCEEDED);
    }

    @Override
    public void retrying(String requestId, int copy, int priorReceives, StepError error, ObjectNode steps,
            Instant now) {
        throw new UnsupportedOperationException("worker side");
    }

    @Override
    public void requeued(String requestId, int copy, StepError error, ObjectNode steps, Instant now) {
        throw new UnsupportedOperationException("worker side");
    }

    @Override
    public void fail(String requestId, StepError error, String messageId, ObjectNode steps, Instant now) {
        setStatus(requestId, RequestStatus.FAILED);
    }

    @Override
    public void exhausted(String requestId, StepError error, String messageId, ObjectNode steps, Instant now) {
        setStatus(requestId, RequestStatus.DEAD_LETTERED);
    }

    @Override
    public void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId, Instant now) {
        setStatus(requestId, status);
    }
}
