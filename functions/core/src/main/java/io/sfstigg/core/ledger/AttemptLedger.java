package io.sfstigg.core.ledger;

import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the worker needs of the ledger: run one attempt at a time, record how each one ended. */
public interface AttemptLedger extends LedgerReader {
    /**
     * Starts a worker attempt: IN_PROGRESS, one more attempt, a processing lease, no longer
     * dead-lettered (a redrive). Empty when the request has succeeded already, another worker
     * holds an unexpired lease, it failed and {@code messageId} is its own failed message
     * still on its way to the dead-letter queue, or the message is a stale copy (older than
     * the request's {@code copy}).
     */
    Optional<RequestRecord> startAttempt(String requestId, String messageId, int copy, Instant now, Instant leaseUntil);

    /**
     * SUCCEEDED with its result, the steps done in this attempt and the links it leaves, all in
     * one write: the request is never SUCCEEDED without its links.
     */
    void succeed(String requestId, RequestResult result, Steps steps, List<LinkUpdate> links, Instant now);

    /**
     * RETRYING after a failure that a later try may overcome: the request went back to the queue as
     * message copy {@code copy}, and its copies have spent {@code priorReceives} receives on retries
     * so far. Keeps the steps done.
     */
    void retrying(String requestId, int copy, int priorReceives, StepError error, Steps steps, Instant now);

    /**
     * The request went back to the queue as message copy {@code copy}, to wait for Stigg's rate
     * limits: QUEUED when it waited before calling Stigg ({@code error} null), RETRYING when Stigg
     * refused the call. Neither touched Stigg, so the attempt is not counted; the steps done are kept.
     */
    void requeued(String requestId, int copy, StepError error, Steps steps, Instant now);

    /**
     * DEAD_LETTERED: retries ran out, remembering which message failed (it is on its way to the
     * dead-letter queue); keeps the steps done. A later try (a redrive) starts with no receives spent.
     */
    void exhausted(String requestId, StepError error, String messageId, Steps steps, Instant now);

    /**
     * The failed request's message {@code messageId} reaches the dead-letter queue (its last receive),
     * or has come back from it (a redrive): records {@code status}, {@code error} and when, and
     * clears the receives spent; from now on a delivery of that message may start an attempt.
     */
    void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId, Instant now);

    /** A permanent failure: FAILED, remembering which message failed; keeps the steps done. */
    void fail(String requestId, StepError error, String messageId, Steps steps, Instant now);
}
