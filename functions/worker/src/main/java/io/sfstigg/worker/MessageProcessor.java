package io.sfstigg.worker;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.secrets.SecretNotFoundException;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.CachingTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One message, start to end: check the ledger, provision, record the outcome. Returns whether
 * the message is done (delete it) or must come back (a failure on its way to the DLQ through the
 * queue's own redrive policy, or a delivery while another worker holds the request). A request
 * that must wait for Stigg's rate limits, paced or refused, goes back to the queue as a new copy of
 * its message, so waiting never uses up the receives that lead to the dead-letter queue; the
 * ledger's copy number makes older copies stale. A retryable failure goes back as a new copy too,
 * and the ledger carries the receives spent so far: the worker, not the queue, decides when retries
 * are exhausted, at a receive it handles, and records DEAD_LETTERED before the message can reach
 * the DLQ. Receives the worker never sees (an invocation that dies, a poller that gives its batch
 * back) then cannot dead-letter a request that the ledger still shows as retrying.
 */
final class MessageProcessor {
    private static final Log LOG = Log.of(MessageProcessor.class);

    private final AttemptLedger ledger;
    private final CachingTenantStore tenants;
    private final SecretStore secrets;
    private final RequestQueue queue;
    private final Provisioner provisioner;
    private final Pacer pacer;
    private final RetryPolicy retries;
    private final Duration waitForCustomer;
    private final Metrics metrics;
    private final Clock clock;

    MessageProcessor(AttemptLedger ledger, CachingTenantStore tenants, SecretStore secrets, RequestQueue queue,
            Provisioner provisioner, Pacer pacer, RetryPolicy retries, Duration waitForCustomer, Metrics metrics,
            Clock clock) {
        this.ledger = ledger;
        this.tenants = tenants;
        this.secrets = secrets;
        this.queue = queue;
        this.provisioner = provisioner;
        this.pacer = pacer;
        this.retries = retries;
        this.waitForCustomer = waitForCustomer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return true when the message is done and may be deleted */
    boolean process(SQSMessage sqs, Duration lease) {
        int receiveCount = receiveCount(sqs);
        int copy = copy(sqs);
        ProvisioningMessage message;
        try {
            message = ProvisioningMessage.read(sqs.getBody());
        } catch (RuntimeException e) {
            LOG.error("unreadable message: left for the dead-letter queue", e, kv("messageId", sqs.getMessageId()));
            return false;
        }
        if (message.schemaVersion() != ProvisioningMessage.SCHEMA_VERSION) {
            return unsupportedVersion(sqs, message);
        }
        if (pacedBeforeStart(message, copy, receiveCount)) {
            return true;
        }
        Instant now = clock.instant();
        Optional<RequestRecord> started = ledger.startAttempt(message.requestId(), sqs.getMessageId(), copy, now,
                now.plus(lease));
        if (started.isPresent()) {
            return attempt(sqs, message, copy, started.get(), receiveCount);
        }
        Optional<RequestRecord> found = ledger.find(message.requestId());
        if (found.isEmpty()) {
            LOG.warn("message for a request the ledger does not know: left for the dead-letter queue",
                    kv("requestId", message.requestId()), kv("messageId", sqs.getMessageId()));
            return false;
        }
        RequestRecord record = found.get();
        if (record.status() == RequestStatus.SUCCEEDED) {
            LOG.info("already provisioned: duplicate delivery ignored", about(record, receiveCount));
            return true;
        }
        if (copy < record.copy()) {
            LOG.info("a newer copy of this message is queued: stale copy dropped",
                    about(record, receiveCount), kv("copy", copy), kv("newestCopy", record.copy()));
            return true;
        }
        if (isSameFailedMessage(record, sqs)) {
            if (receiveCount == 1) {
                // on its way to the DLQ a failed message is received again (2 and on): this first receive is a
                // redrive that kept the message's id (ElasticMQ), after a last receive the worker never saw
                ledger.markDeadLettered(record.requestId(), record.status(), record.lastError(), sqs.getMessageId(), now);
                LOG.info("a failed request's message redriven: tried afresh", about(record, receiveCount));
                return process(sqs, lease);
            }
            return failAgain(sqs, record, receiveCount);
        }
        Duration leaseLeft = record.processingLeaseUntil() == null ? Duration.ZERO
                : Duration.between(now, record.processingLeaseUntil());
        Duration delay = leaseLeft.isNegative() ? Duration.ZERO : min(leaseLeft, retries.delayAfter(receiveCount));
        if (retries.isLastReceive(receiveCount)) {
            // the queue would dead-letter this message behind the attempt under way: send it again instead
            queue.requeue(message, copy, delay);
            LOG.info("another worker holds this request, on this message's last receive: back to the queue as a new message",
                    about(record, receiveCount), kv("copy", copy), kv("retryInMs", delay.toMillis()));
            return true;
        }
        LOG.info("another worker holds this request: trying again later",
                about(record, receiveCount), kv("retryInMs", delay.toMillis()));
        queue.changeVisibility(sqs.getReceiptHandle(), delay);
        return false;
    }

    /**
     * A message this worker cannot read safely (another API version wrote it): the request is
     * FAILED with the reason, and the message goes on to the dead-letter queue, to be redriven once
     * API and worker agree again.
     */
    private boolean unsupportedVersion(SQSMessage sqs, ProvisioningMessage message) {
        StepError error = new StepError("UnsupportedMessageVersion", "the message has schema version "
                + message.schemaVersion() + "; this worker reads version " + ProvisioningMessage.SCHEMA_VERSION, false);
        Optional<RequestRecord> record = message.requestId() == null ? Optional.empty() : ledger.find(message.requestId());
        record.filter(r -> r.status() != RequestStatus.SUCCEEDED).ifPresent(r ->
                ledger.fail(r.requestId(), error, sqs.getMessageId(), r.steps(), clock.instant()));
        LOG.error("unsupported message version: left for the dead-letter queue", null, kv("messageId", sqs.getMessageId()),
                kv("requestId", message.requestId()), kv("schemaVersion", message.schemaVersion()));
        return false;
    }

    /**
     * A message whose permits this environment already knows to be further off than a wait in place
     * goes straight back to the queue as the next copy, without a call to DynamoDB: a burst's waiting
     * messages then cost the ledger nothing while the admitted ones run. The ledger does not learn of
     * this copy (the request is QUEUED either way); older copies stay valid, and the ledger still lets
     * one attempt run at a time and none after success. Only a message's first receive is paced so:
     * a later one may be a failed request's message on its way to the dead-letter queue.
     */
    private boolean pacedBeforeStart(ProvisioningMessage message, int copy, int receiveCount) {
        if (receiveCount > 1 || message.operation() == null || message.tenantId() == null) {
            return false;
        }
        Optional<Tenant> tenant = tenants.find(message.tenantId()).filter(t -> !t.disabled() && t.isConfigured());
        Optional<Duration> wait = tenant.flatMap(t -> pacer.knownWait(t, provisioner.plannedCalls(message.operation(),
                message.payload())));
        if (wait.isEmpty()) {
            return false;
        }
        Duration capped = min(wait.get(), RequestQueue.MAX_DELAY);
        queue.requeue(message, copy + 1, capped);
        metrics.count("StiggCallsPaced", kv("requestId", message.requestId()), kv("tenantId", message.tenantId()));
        LOG.info("paced to Stigg's rate limits before starting: back to the queue",
                kv("requestId", message.requestId()), kv("tenantId", message.tenantId()),
                kv("operation", message.operation()), kv("receiveCount", receiveCount), kv("copy", copy + 1),
                kv("retryInMs", capped.toMillis()));
        return true;
    }

    /**
     * A failed request's own message, still on its way to the dead-letter queue. Once it has been
     * dead-lettered, any delivery is a redrive (SQS only moves it to the DLQ when no delivery
     * follows; AWS gives the moved message a new id, ElasticMQ keeps it), and is tried afresh.
     */
    private static boolean isSameFailedMessage(RequestRecord record, SQSMessage sqs) {
        return record.status().isFinal() && record.deadLetteredAt() == null
                && sqs.getMessageId().equals(record.failedMessageId());
    }

    /** One attempt at a request whose attempt has been started in the ledger. */
    private boolean attempt(SQSMessage sqs, ProvisioningMessage message, int copy, RequestRecord running,
            int receiveCount) {
        Optional<Tenant> tenant = tenants.find(running.tenantId()).filter(t -> !t.disabled() && t.isConfigured());
        if (tenant.isEmpty()) {
            return failed(sqs, running, receiveCount, new StepError("TenantNotConfigured",
                    "the org is not registered, is disabled, or has no Stigg API key configured", false), Steps.NONE);
        }
        Provisioner.Attempt attempt = new Provisioner.Attempt(running);
        try {
            Provisioner.Provisioned done = provision(attempt, tenant.get());
            ledger.succeed(running.requestId(), done.result(), attempt.steps(), done.links(), clock.instant());
            LOG.info("provisioned", about(running, receiveCount));
            return true;
        } catch (RateLimitWait wait) {
            metrics.count("StiggCallsPaced", kv("requestId", running.requestId()), kv("tenantId", running.tenantId()));
            return requeue(message, copy, attempt, wait.retryAfter(), null, receiveCount);
        } catch (StiggException e) {
            if (e.isRateLimit()) {
                metrics.count("StiggRateLimited", kv("requestId", running.requestId()),
                        kv("tenantId", running.tenantId()));
                return requeue(message, copy, attempt, pacer.refused(tenant.get(), attempt.admitted()),
                        stepError(e, true), receiveCount);
            }
            return settle(sqs, message, copy, running, receiveCount, stepError(e, isRetryable(e, running)),
                    attempt.steps());
        } catch (OpportunityChangeException e) {
            return settle(sqs, message, copy, running, receiveCount,
                    new StepError(e.code(), e.getMessage(), e.retryable()), attempt.steps());
        } catch (SyncException e) {
            return settle(sqs, message, copy, running, receiveCount,
                    new StepError(e.code(), e.getMessage(), e.retryable(), e.stiggTraceId()), attempt.steps());
        } catch (SecretNotFoundException e) {
            return failed(sqs, running, receiveCount, new StepError("StiggKeyMissing",
                    "the org's Stigg API key is not in the secret store: configure the org again", false),
                    attempt.steps());
        }
    }

    private boolean settle(SQSMessage sqs, ProvisioningMessage message, int copy, RequestRecord record,
            int receiveCount, StepError error, Steps steps) {
        return error.retryable() ? retryLater(sqs, message, copy, record, receiveCount, error, steps)
                : failed(sqs, record, receiveCount, error, steps);
    }

    /**
     * Runs the attempt with the org's key. The tenant may come from this environment's cache: when
     * Stigg rejects the key and the org has a newer one, the attempt runs once more with it.
     */
    private Provisioner.Provisioned provision(Provisioner.Attempt attempt, Tenant tenant) {
        try {
            return provisioner.run(attempt, tenant, apiKey(tenant));
        } catch (StiggException e) {
            if (e.retryClass() != StiggErrorCode.RetryClass.KEY_REJECTED) {
                throw e;
            }
            Optional<Tenant> fresh = tenants.refresh(tenant.tenantId()).filter(t -> !t.disabled() && t.isConfigured());
            if (fresh.isEmpty() || java.util.Objects.equals(fresh.get().keyValidatedAt(), tenant.keyValidatedAt())) {
                throw e;
            }
            return provisioner.run(attempt, fresh.get(), apiKey(fresh.get()));
        }
    }

    private String apiKey(Tenant tenant) {
        return secrets.read(tenant.stiggKeySecretId(), String.valueOf(tenant.keyValidatedAt()));
    }

    /**
     * Sends the message again as the next copy, visible after {@code delay}, then records that copy:
     * the received message is deleted. Should the ledger write fail, both copies are live, and the
     * ledger still lets one attempt run at a time and none after success.
     */
    private boolean requeue(ProvisioningMessage message, int copy, Provisioner.Attempt attempt, Duration delay,
            StepError refusal, int receiveCount) {
        RequestRecord record = attempt.record();
        Duration capped = min(delay, RequestQueue.MAX_DELAY);
        queue.requeue(message, copy + 1, capped);
        ledger.requeued(record.requestId(), copy + 1, refusal, attempt.steps(), clock.instant());
        LOG.info(refusal == null ? "paced to Stigg's rate limits: back to the queue"
                        : "Stigg refused the call (rate limit): back to the queue",
                about(record, receiveCount), refusal == null ? Log.group() : about(refusal), kv("copy", copy + 1),
                kv("retryInMs", capped.toMillis()));
        return true;
    }

    /** Grants may arrive before their customer: CustomerNotFound is worth retrying for a while. */
    private boolean isRetryable(StiggException e, RequestRecord record) {
        if (e.retryable()) {
            return true;
        }
        return e.code() == StiggErrorCode.CUSTOMER_NOT_FOUND && record.operation() == Operation.CREATE_CREDIT_GRANT
                && clock.instant().isBefore(record.createdAt().plus(waitForCustomer));
    }

    private static StepError stepError(StiggException e, boolean retryable) {
        return new StepError(e.reportedCode(), e.getMessage(), retryable, e.traceId());
    }

    /**
     * A retryable failure. Retries are exhausted once this request's copies have been received
     * {@code maxReceiveCount} times in all: the request is DEAD_LETTERED at once, and its message
     * goes on to the DLQ as a permanent failure's does. Otherwise the message goes back as the next
     * copy after the backoff, the ledger recording the copy and the receives spent, and the received
     * one is deleted.
     */
    private boolean retryLater(SQSMessage sqs, ProvisioningMessage message, int copy, RequestRecord record,
            int receiveCount, StepError error, Steps steps) {
        int receives = record.priorReceives() + receiveCount;
        if (retries.isLastReceive(receives)) {
            ledger.exhausted(record.requestId(), error, sqs.getMessageId(), steps, clock.instant());
            LOG.warn("retries exhausted: the message goes to the dead-letter queue", about(record, receiveCount),
                    about(error), kv("receivesInAll", receives));
            return failAgain(sqs, ledger.find(record.requestId()).orElse(record), receiveCount);
        }
        Duration delay = min(retries.delayAfter(receives), RequestQueue.MAX_DELAY);
        queue.requeue(message, copy + 1, delay);
        ledger.retrying(record.requestId(), copy + 1, receives, error, steps, clock.instant());
        LOG.warn("retryable failure: back to the queue as the next copy", about(record, receiveCount), about(error),
                kv("receivesInAll", receives), kv("copy", copy + 1), kv("retryInMs", delay.toMillis()));
        return true;
    }

    private boolean failed(SQSMessage sqs, RequestRecord record, int receiveCount, StepError error, Steps steps) {
        ledger.fail(record.requestId(), error, sqs.getMessageId(), steps, clock.instant());
        LOG.warn("permanent failure: the message goes to the dead-letter queue", about(record, receiveCount),
                about(error));
        return failAgain(sqs, ledger.find(record.requestId()).orElse(record), receiveCount);
    }

    /** A failed request's message comes back at once until the queue's redrive policy moves it. */
    private boolean failAgain(SQSMessage sqs, RequestRecord record, int receiveCount) {
        if (retries.isLastReceive(receiveCount) && record.deadLetteredAt() == null) {
            ledger.markDeadLettered(record.requestId(), record.status(), record.lastError(), sqs.getMessageId(),
                    clock.instant());
            LOG.info("the failed request's message is on its last receive: the queue moves it to the dead-letter queue",
                    about(record, receiveCount), kv("messageId", sqs.getMessageId()));
        }
        queue.changeVisibility(sqs.getReceiptHandle(), Duration.ZERO);
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The message's copy number: 0 for the message the API sent, n for its n-th re-sent copy. */
    private static int copy(SQSMessage sqs) {
        SQSEvent.MessageAttribute attribute = sqs.getMessageAttributes() == null ? null
                : sqs.getMessageAttributes().get(RequestQueue.COPY_ATTRIBUTE);
        try {
            return attribute == null || attribute.getStringValue() == null ? 0 : Integer.parseInt(attribute.getStringValue());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int receiveCount(SQSMessage sqs) {
        String count = sqs.getAttributes() == null ? null : sqs.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Log.Fields about(RequestRecord record, int receiveCount) {
        return Log.group(kv("requestId", record.requestId()), kv("tenantId", record.tenantId()),
                kv("operation", record.operation()), kv("receiveCount", receiveCount));
    }

    private static Log.Fields about(StepError error) {
        return error.stiggTraceId() == null
                ? Log.group(kv("errorCode", error.code()), kv("errorMessage", error.message()))
                : Log.group(kv("errorCode", error.code()), kv("errorMessage", error.message()),
                        kv("stiggTraceId", error.stiggTraceId()));
    }
}
