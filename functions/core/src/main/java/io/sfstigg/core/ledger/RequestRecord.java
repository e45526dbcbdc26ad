package io.sfstigg.core.ledger;

import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.RequestStatus;
import java.time.Instant;

/**
 * One accepted request in the ledger: what was asked (the normalised payload, of its operation's type), whether it reached
 * the queue, and what the worker made of it, step by step. {@code copy} is the number of the newest
 * queue message carrying it: a message put back on the queue to wait for Stigg's rate limits goes
 * back as a new copy, and an older copy still in the queue is then stale. {@code priorReceives} is
 * how many receives earlier copies spent on retryable failures since the request last failed: with
 * the current copy's own receives, they count against the queue's {@code maxReceiveCount}.
 */
public record RequestRecord(
        String requestId,
        String tenantId,
        Operation operation,
        RequestStatus status,
        String idempotencyKey,
        String bodyHash,
        ProvisioningRequest payload,
        String stiggCustomerId,
        Instant createdAt,
        Instant updatedAt,
        Instant enqueuedAt,
        Instant enqueueLeaseUntil,
        int attempts,
        StepError lastError,
        RequestResult result,
        Steps steps,
        String failedMessageId,
        Instant processingLeaseUntil,
        Instant deadLetteredAt,
        int copy,
        int priorReceives) {

    public RequestRecord {
        steps = steps == null ? Steps.NONE : steps;
    }

    /** A record whose copies have spent no receives on retries. */
    public RequestRecord(String requestId, String tenantId, Operation operation, RequestStatus status,
            String idempotencyKey, String bodyHash, ProvisioningRequest payload, String stiggCustomerId, Instant createdAt,
            Instant updatedAt, Instant enqueuedAt, Instant enqueueLeaseUntil, int attempts, StepError lastError,
            RequestResult result, Steps steps, String failedMessageId, Instant processingLeaseUntil,
            Instant deadLetteredAt, int copy) {
        this(requestId, tenantId, operation, status, idempotencyKey, bodyHash, payload, stiggCustomerId, createdAt,
                updatedAt, enqueuedAt, enqueueLeaseUntil, attempts, lastError, result, steps, failedMessageId,
                processingLeaseUntil, deadLetteredAt, copy, 0);
    }

    public static RequestRecord accepted(String requestId, String tenantId, Operation operation, String idempotencyKey,
            String bodyHash, ProvisioningRequest payload, String stiggCustomerId, Instant now, Instant enqueueLeaseUntil) {
        return new RequestRecord(requestId, tenantId, operation, RequestStatus.QUEUED, idempotencyKey, bodyHash,
                payload, stiggCustomerId, now, now, null, enqueueLeaseUntil, 0, null, null, null, null, null, null, 0);
    }
}
