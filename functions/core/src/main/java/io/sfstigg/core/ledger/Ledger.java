package io.sfstigg.core.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;
import java.util.Optional;

/** The requests table: the ledger that makes every request happen once and shows what happened. */
public interface Ledger {
    /** Stores a new request; false when one with that id exists already. */
    boolean create(RequestRecord record);

    /** What {@link #create(RequestRecord, int)} did. */
    enum Created { CREATED, EXISTS, RATE_LIMITED }

    /**
     * Stores a new request when its org has accepted fewer than {@code requestsPerSecond} in the
     * current second (0: no limit); a request that exists already is not counted.
     */
    default Created create(RequestRecord record, int requestsPerSecond) {
        return create(record) ? Created.CREATED : Created.EXISTS;
    }

    Optional<RequestRecord> find(String requestId);

    /** Takes the right to enqueue a request that has not reached the queue, unless another caller holds it. */
    boolean claimEnqueue(String requestId, Instant now, Instant leaseUntil);

    void markEnqueued(String requestId, Instant at);

    void releaseEnqueueLease(String requestId);

    /**
     * Starts a worker attempt: IN_PROGRESS, one more attempt, a processing lease, no longer
     * dead-lettered (a redrive). Empty when the request has succeeded already, another worker
     * holds an unexpired lease, or it failed and {@code messageId} is its own failed message
     * still on its way to the dead-letter queue.
     */
    Optional<RequestRecord> startAttempt(String requestId, String messageId, Instant now, Instant leaseUntil);

    void saveStep(String requestId, String step, ObjectNode outcome, Instant now);

    void succeed(String requestId, ObjectNode result, Instant now);

    void retrying(String requestId, StepError error, Instant now);

    /** A final failure: FAILED (permanent) or DEAD_LETTERED, remembering which message failed. */
    void fail(String requestId, RequestStatus status, StepError error, String messageId, Instant now);

    void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId, Instant now);
}
