package io.sfstigg.core.ledger;

import java.time.Instant;

/** What intake needs of the ledger: record a request, hand it to the queue once, record a refusal. */
public interface IntakeLedger extends LedgerReader {
    /** What {@link #create(RequestRecord, int)} did. */
    enum Created { CREATED, EXISTS, RATE_LIMITED }

    /**
     * Stores a new request when its org has accepted fewer than {@code requestsPerSecond} in the
     * current second (0: no limit); a request that exists already is not counted.
     */
    Created create(RequestRecord record, int requestsPerSecond);

    /** Takes the right to enqueue a request that has not reached the queue, unless another caller holds it. */
    boolean claimEnqueue(String requestId, Instant now, Instant leaseUntil);

    void markEnqueued(String requestId, Instant at);

    void releaseEnqueueLease(String requestId);

    /** A permanent failure: FAILED, remembering which message failed; keeps the steps done. */
    void fail(String requestId, StepError error, String messageId, Steps steps, Instant now);
}
