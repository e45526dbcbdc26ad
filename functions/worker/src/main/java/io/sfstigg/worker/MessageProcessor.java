package io.sfstigg.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One message, start to end: check the ledger, provision, record the outcome. Returns whether
 * the message is done (delete it) or must come back (retry, or a failure on its way to the DLQ
 * through the queue's own redrive policy).
 */
final class MessageProcessor {
    private static final Log LOG = Log.of(MessageProcessor.class);

    private final Ledger ledger;
    private final TenantStore tenants;
    private final CachingSecretStore secrets;
    private final RequestQueue queue;
    private final Provisioner provisioner;
    private final StiggEventApplier stiggEvents;
    private final RetryPolicy retries;
    private final Duration waitForCustomer;
    private final Metrics metrics;
    private final Clock clock;

    MessageProcessor(Ledger ledger, TenantStore tenants, CachingSecretStore secrets, RequestQueue queue,
            Provisioner provisioner, RetryPolicy retries, Duration waitForCustomer, Metrics metrics, Clock clock,
            StiggEventApplier stiggEvents) {
        this.ledger = ledger;
        this.tenants = tenants;
        this.secrets = secrets;
        this.queue = queue;
        this.provisioner = provisioner;
        this.stiggEvents = stiggEvents;
        this.retries = retries;
        this.waitForCustomer = waitForCustomer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return true when the message is done and may be deleted */
    boolean process(SQSMessage sqs, Duration lease) {
        int receiveCount = receiveCount(sqs);
        ProvisioningMessage message;
        try {
            message = Json.read(sqs.getBody(), ProvisioningMessage.class);
        } catch (RuntimeException e) {
            LOG.error("unreadable message: left for the dead-letter queue", e, "messageId", sqs.getMessageId());
            return false;
        }
        Instant now = clock.instant();
        Optional<RequestRecord> started = ledger.startAttempt(message.requestId(), sqs.getMessageId(), now, now.plus(lease));
        if (started.isPresent()) {
            return attempt(sqs, started.get(), receiveCount);
        }
        Optional<RequestRecord> found = ledger.find(message.requestId());
        if (found.isEmpty()) {
            LOG.warn("message for a request the ledger does not know: left for the dead-letter queue",
                    "requestId", message.requestId(), "messageId", sqs.getMessageId());
            return false;
        }
        RequestRecord record = found.get();
        if (record.status() == RequestStatus.SUCCEEDED) {
            LOG.info("already provisioned: duplicate delivery ignored", fields(record, receiveCount));
            return true;
        }
        if (isSameFailedMessage(record, sqs)) {
            return failAgain(sqs, record, receiveCount);
        }
        Duration leaseLeft = record.processingLeaseUntil() == null ? Duration.ZERO
                : Duration.between(now, record.processingLeaseUntil());
        Duration delay = leaseLeft.isNegative() ? Duration.ZERO : min(leaseLeft, retries.delayAfter(receiveCount));
        LOG.info("another worker holds this request: trying again later",
                fields(record, receiveCount, "retryInMs", delay.toMillis()));
        queue.changeVisibility(sqs.getReceiptHandle(), delay);
        return false;
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
    private boolean attempt(SQSMessage sqs, RequestRecord running, int receiveCount) {
        Optional<Tenant> tenant = tenants.find(running.tenantId()).filter(t -> !t.disabled() && t.isConfigured());
        if (tenant.isEmpty()) {
            return failed(sqs, running, receiveCount, new StepError("TenantNotConfigured",
                    "the org is not registered, is disabled, or has no Stigg API key configured", false));
        }
        try {
            String apiKey = secrets.read(tenant.get().stiggKeySecretId(), String.valueOf(tenant.get().keyValidatedAt()));
            ObjectNode result = running.operation() == Operation.APPLY_STIGG_EVENT
                    ? stiggEvents.apply(running, tenant.get(), apiKey)
                    : provisioner.run(running, tenant.get(), apiKey);
            ledger.succeed(running.requestId(), result, clock.instant());
            LOG.info("provisioned", fields(running, receiveCount));
            return true;
        } catch (StiggException e) {
            if (e.isRateLimit()) {
                metrics.count("StiggRateLimited", "requestId", running.requestId(), "tenantId", running.tenantId());
            }
            StepError error = new StepError(e.code(), e.getMessage(), isRetryable(e, running));
            return error.retryable() ? retryLater(sqs, running, receiveCount, error) : failed(sqs, running, receiveCount, error);
        } catch (SyncException e) {
            StepError error = new StepError(e.code(), e.getMessage(), e.retryable());
            return error.retryable() ? retryLater(sqs, running, receiveCount, error) : failed(sqs, running, receiveCount, error);
        }
    }

    /** Grants may arrive before their customer: CustomerNotFound is worth retrying for a while. */
    private boolean isRetryable(StiggException e, RequestRecord record) {
        if (e.retryable()) {
            return true;
        }
        return "CustomerNotFound".equals(e.code()) && record.operation() == Operation.CREATE_CREDIT_GRANT
                && clock.instant().isBefore(record.createdAt().plus(waitForCustomer));
    }

    private boolean retryLater(SQSMessage sqs, RequestRecord record, int receiveCount, StepError error) {
        if (retries.isLastReceive(receiveCount)) {
            ledger.markDeadLettered(record.requestId(), RequestStatus.DEAD_LETTERED, error, sqs.getMessageId(), clock.instant());
            LOG.warn("retries exhausted: the message goes to the dead-letter queue", fields(record, receiveCount, error));
            queue.changeVisibility(sqs.getReceiptHandle(), Duration.ZERO);
            return false;
        }
        ledger.retrying(record.requestId(), error, clock.instant());
        Duration delay = retries.delayAfter(receiveCount);
        LOG.warn("retryable failure: trying again later", fields(record, receiveCount, error, "retryInMs", delay.toMillis()));
        queue.changeVisibility(sqs.getReceiptHandle(), delay);
        return false;
    }

    private boolean failed(SQSMessage sqs, RequestRecord record, int receiveCount, StepError error) {
        ledger.fail(record.requestId(), RequestStatus.FAILED, error, sqs.getMessageId(), clock.instant());
        LOG.warn("permanent failure: the message goes to the dead-letter queue", fields(record, receiveCount, error));
        return failAgain(sqs, ledger.find(record.requestId()).orElse(record), receiveCount);
    }

    /** A failed request's message comes back at once until the queue's redrive policy moves it. */
    private boolean failAgain(SQSMessage sqs, RequestRecord record, int receiveCount) {
        if (retries.isLastReceive(receiveCount) && record.deadLetteredAt() == null) {
            ledger.markDeadLettered(record.requestId(), record.status(), record.lastError(), sqs.getMessageId(),
                    clock.instant());
        }
        queue.changeVisibility(sqs.getReceiptHandle(), Duration.ZERO);
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int receiveCount(SQSMessage sqs) {
        String count = sqs.getAttributes() == null ? null : sqs.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Object[] fields(RequestRecord record, int receiveCount, Object... more) {
        Object[] base = {"requestId", record.requestId(), "tenantId", record.tenantId(),
            "operation", record.operation(), "receiveCount", receiveCount};
        Object[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static Object[] fields(RequestRecord record, int receiveCount, StepError error, Object... more) {
        Object[] withError = java.util.Arrays.copyOf(more, more.length + 4);
        withError[more.length] = "errorCode";
        withError[more.length + 1] = error.code();
        withError[more.length + 2] = "errorMessage";
        withError[more.length + 3] = error.message();
        return fields(record, receiveCount, withError);
    }
}
