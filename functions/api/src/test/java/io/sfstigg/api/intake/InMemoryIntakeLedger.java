package io.sfstigg.api.intake;

import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.IntakeLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The intake side of the ledger in memory, with {@link DynamoLedger}'s conditions: a repeat is not
 * counted against the org's second, an enqueue lease is taken only when free or expired.
 * {@link #failOn} makes one operation throw, as a store that does not answer; {@link #setStatus}
 * plays the worker.
 */
public final class InMemoryIntakeLedger implements IntakeLedger {
    private final Map<String, RequestRecord> records = new HashMap<>();
    private final Map<String, Integer> acceptedPerSecond = new HashMap<>();
    private final Map<String, RuntimeException> failures = new HashMap<>();

    /** Every later call of {@code operation} (a method name) throws {@code failure}. */
    public synchronized void failOn(String operation, RuntimeException failure) {
        failures.put(operation, failure);
    }

    private void maybeFail(String operation) {
        RuntimeException failure = failures.get(operation);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized Created create(RequestRecord record, int requestsPerSecond) {
        maybeFail("create");
        if (records.containsKey(record.requestId())) {
            return Created.EXISTS;
        }
        String second = record.tenantId() + "#" + record.createdAt().getEpochSecond();
        int accepted = acceptedPerSecond.getOrDefault(second, 0);
        if (requestsPerSecond > 0 && accepted >= requestsPerSecond) {
            return Created.RATE_LIMITED;
        }
        acceptedPerSecond.put(second, accepted + 1);
        records.put(record.requestId(), record);
        return Created.CREATED;
    }

    @Override
    public synchronized Optional<RequestRecord> find(String requestId) {
        maybeFail("find");
        return Optional.ofNullable(records.get(requestId));
    }

    @Override
    public synchronized boolean claimEnqueue(String requestId, Instant now, Instant leaseUntil) {
        maybeFail("claimEnqueue");
        RequestRecord r = records.get(requestId);
        if (r == null || r.enqueuedAt() != null || (r.enqueueLeaseUntil() != null && !r.enqueueLeaseUntil().isBefore(now))) {
            return false;
        }
        put(r, r.status(), r.updatedAt(), null, leaseUntil, r.lastError(), r.failedMessageId());
        return true;
    }

    @Override
    public synchronized void markEnqueued(String requestId, Instant at) {
        maybeFail("markEnqueued");
        RequestRecord r = existing(requestId);
        put(r, r.status(), r.updatedAt(), r.enqueuedAt() != null ? r.enqueuedAt() : at, null, r.lastError(),
                r.failedMessageId());
    }

    @Override
    public synchronized void releaseEnqueueLease(String requestId) {
        maybeFail("releaseEnqueueLease");
        RequestRecord r = existing(requestId);
        put(r, r.status(), r.updatedAt(), r.enqueuedAt(), null, r.lastError(), r.failedMessageId());
    }

    @Override
    public synchronized void fail(String requestId, StepError error, String messageId, Steps steps, Instant now) {
        maybeFail("fail");
        RequestRecord r = existing(requestId);
        put(r, RequestStatus.FAILED, now, r.enqueuedAt(), r.enqueueLeaseUntil(), error, messageId);
    }

    public synchronized void setStatus(String requestId, RequestStatus status) {
        RequestRecord r = existing(requestId);
        put(r, status, r.updatedAt(), r.enqueuedAt(), r.enqueueLeaseUntil(), r.lastError(), r.failedMessageId());
    }

    public synchronized int size() {
        return records.size();
    }

    private RequestRecord existing(String requestId) {
        RequestRecord r = records.get(requestId);
        if (r == null) {
            throw new IllegalStateException("no request " + requestId);
        }
        return r;
    }

    private void put(RequestRecord r, RequestStatus status, Instant updatedAt, Instant enqueuedAt, Instant enqueueLeaseUntil,
            StepError lastError, String failedMessageId) {
        records.put(r.requestId(), new RequestRecord(r.requestId(), r.tenantId(), r.operation(), status,
                r.idempotencyKey(), r.bodyHash(), r.payload(), r.stiggCustomerId(), r.createdAt(), updatedAt, enqueuedAt,
                enqueueLeaseUntil, r.attempts(), lastError, r.result(), r.steps(), failedMessageId,
                r.processingLeaseUntil(), r.deadLetteredAt(), r.copy()));
    }
}
