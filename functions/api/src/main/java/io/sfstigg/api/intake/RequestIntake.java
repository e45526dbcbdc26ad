package io.sfstigg.api.intake;

import static io.sfstigg.core.log.Log.kv;

import io.sfstigg.core.hash.Sha256;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.IntakeLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.QueueUnavailableException;
import io.sfstigg.core.queue.RequestQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Accepts a validated request: records it in the ledger, then enqueues it, exactly once per
 * idempotency key. The request id is derived from tenant and key, so a repeat lands on the same
 * ledger item; a repeat of a request whose first attempt died before enqueueing enqueues it.
 */
public final class RequestIntake {
    /** How long a caller holds the right to enqueue before a repeat may take over. */
    static final Duration ENQUEUE_LEASE = Duration.ofSeconds(10);
    private static final Log LOG = Log.of(RequestIntake.class);
    /** The failed message id of a request the queue refused: no message has that id. */
    static final String NOT_ENQUEUED = "not-enqueued";

    private final IntakeLedger ledger;
    private final RequestQueue queue;
    private final Clock clock;

    public RequestIntake(IntakeLedger ledger, RequestQueue queue, Clock clock) {
        this.ledger = ledger;
        this.queue = queue;
        this.clock = clock;
    }

    public record Accepted(RequestRecord record, boolean replayed) {}

    /**
     * @param idempotencyKey the caller's {@code Idempotency-Key}, or null to derive one from the body
     * @param payload the normalised request, as the worker will read it: of the operation's
     *     {@link Operation#requestType() type}, else {@link IllegalArgumentException} and nothing is recorded
     * @param stiggCustomerId the customer the request provisions, for the immediate answer
     */
    public Accepted accept(String tenantId, Operation operation, String idempotencyKey, ProvisioningRequest payload,
            String stiggCustomerId) {
        return accept(tenantId, operation, idempotencyKey, payload, stiggCustomerId, 0);
    }

    /**
     * As {@link #accept(String, Operation, String, ProvisioningRequest, String)}, counting the request against
     * the org's {@code requestsPerSecond} (0: no limit) in the same write as the ledger record;
     * over it, {@link RateLimitedException} and nothing is recorded.
     */
    public Accepted accept(String tenantId, Operation operation, String idempotencyKey, ProvisioningRequest payload,
            String stiggCustomerId, int requestsPerSecond) {
        if (!operation.carries(payload)) {
            throw new IllegalArgumentException(operation + " carries a " + operation.requestType().getSimpleName()
                    + ", not " + (payload == null ? "nothing" : "a " + payload.getClass().getSimpleName()));
        }
        String canonical = canonical(payload);
        String bodyHash = bodyHash(operation, canonical);
        String key = idempotencyKey != null ? idempotencyKey : "body:" + Sha256.hex(operation.resource() + "\n" + canonical);
        String requestId = requestId(tenantId, operation, key);
        Instant now = clock.instant();

        RequestRecord fresh = RequestRecord.accepted(requestId, tenantId, operation, key, bodyHash, payload,
                stiggCustomerId, now, now.plus(ENQUEUE_LEASE));
        IntakeLedger.Created created = ledger.create(fresh, requestsPerSecond);
        if (created == IntakeLedger.Created.RATE_LIMITED) {
            throw new RateLimitedException(requestsPerSecond);
        }
        if (created == IntakeLedger.Created.CREATED) {
            enqueue(fresh, now);
            LOG.info("request accepted", kv("requestId", requestId), kv("tenantId", tenantId),
                    kv("operation", operation));
            return new Accepted(fresh, false);
        }
        RequestRecord existing = ledger.find(requestId).orElseThrow();
        if (!existing.bodyHash().equals(bodyHash)) {
            throw new IdempotencyException(IdempotencyException.Reason.KEY_REUSED, requestId,
                    "Idempotency-Key was used before with a different request body");
        }
        if (existing.enqueuedAt() == null) {
            if (!ledger.claimEnqueue(requestId, now, now.plus(ENQUEUE_LEASE))) {
                throw new IdempotencyException(IdempotencyException.Reason.IN_FLIGHT, requestId,
                        "a request with this Idempotency-Key is still being accepted; retry in a second");
            }
            enqueue(existing, now);
            LOG.info("request recovered: its first attempt had not reached the queue",
                    kv("requestId", requestId), kv("tenantId", tenantId), kv("operation", operation));
        }
        return new Accepted(ledger.find(requestId).orElse(existing), true);
    }

    /**
     * The request id a tenant's idempotency key maps to: stable, says nothing of the key, and
     * scoped by org and operation whatever the key's form (a caller's {@code body:abc} on two
     * routes names two requests).
     */
    public static String requestId(String tenantId, Operation operation, String idempotencyKey) {
        return "req_" + Sha256.hex(tenantId + "\n" + operation.name() + "\n" + idempotencyKey).substring(0, 32);
    }

    /** What a repeat must carry to be the same request: the operation and the canonical payload. */
    static String bodyHash(Operation operation, ProvisioningRequest payload) {
        return bodyHash(operation, canonical(payload));
    }

    /** The payload's JSON with its keys sorted at every level: equal requests give equal text. */
    private static String canonical(ProvisioningRequest payload) {
        return Json.canonical(Json.MAPPER.valueToTree(payload));
    }

    private static String bodyHash(Operation operation, String canonicalPayload) {
        return Sha256.hex(operation.name() + "\n" + canonicalPayload);
    }

    private void enqueue(RequestRecord record, Instant now) {
        ProvisioningMessage message = new ProvisioningMessage(ProvisioningMessage.SCHEMA_VERSION, record.requestId(),
                record.tenantId(), record.operation(), record.idempotencyKey(), record.createdAt(), record.payload());
        try {
            queue.send(message);
        } catch (QueueUnavailableException e) {
            ledger.releaseEnqueueLease(record.requestId());
            throw e;
        } catch (QueueRejectedException e) {
            ledger.releaseEnqueueLease(record.requestId());
            ledger.fail(record.requestId(), new StepError("RejectedByQueue",
                    "the queue refused the request's contents (" + e.awsErrorCode() + "); nothing was provisioned", false),
                    NOT_ENQUEUED, null, now);
            throw e;
        }
        ledger.markEnqueued(record.requestId(), clock.instant());
    }
}
