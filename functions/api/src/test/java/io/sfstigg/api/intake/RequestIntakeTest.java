package io.sfstigg.api.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.GrantType;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.QueueUnavailableException;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.local.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Accepting a request: recorded once, enqueued once, replayed, refused, or recovered. */
class RequestIntakeTest {
    private static final String ORG = "00D000000000001AAA";
    private static final String OTHER_ORG = "00D000000000002AAA";
    private static final Operation CUSTOMER = Operation.CREATE_CUSTOMER;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.250Z"));
    private final InMemoryIntakeLedger ledger = new InMemoryIntakeLedger();
    private final ScriptedQueue queue = new ScriptedQueue();
    private final RequestIntake intake = new RequestIntake(ledger, queue, clock);

    private static CustomerRequest body(String name) {
        return Json.read("{\"stiggCustomerId\":\"acme\",\"name\":\"" + name + "\"}", CustomerRequest.class);
    }

    private static CreditGrantRequest grant() {
        return new CreditGrantRequest("acme", GrantType.PAID, "credits", null, BigDecimal.TEN, null, null, null, null, null,
                null, null);
    }

    private RequestIntake.Accepted accept(String key, CustomerRequest body) {
        return intake.accept(ORG, CUSTOMER, key, body, "acme");
    }

    private RequestRecord stored(String requestId) {
        return ledger.find(requestId).orElseThrow();
    }

    @Test
    void newRequestIsRecordedAndEnqueuedOnce() {
        RequestIntake.Accepted accepted = accept("k1", body("Acme"));

        assertFalse(accepted.replayed());
        RequestRecord record = stored(accepted.record().requestId());
        assertEquals(RequestStatus.QUEUED, record.status());
        assertEquals(clock.instant(), record.enqueuedAt());
        assertNull(record.enqueueLeaseUntil(), "the enqueue lease ends once the message is sent");
        assertEquals(1, queue.sent.size());
        ProvisioningMessage message = queue.sent.get(0);
        assertEquals(ProvisioningMessage.SCHEMA_VERSION, message.schemaVersion());
        assertEquals(record.requestId(), message.requestId());
        assertEquals(ORG, message.tenantId());
        assertEquals(CUSTOMER, message.operation());
        assertEquals("k1", message.idempotencyKey());
        assertEquals(body("Acme"), message.payload());
    }

    @Test
    void repeatWithSameKeyAndBodyIsTheSameRequestAndSendsNothing() {
        RequestIntake.Accepted first = accept("k1", body("Acme"));
        clock.advance(Duration.ofMinutes(5));

        RequestIntake.Accepted again = accept("k1", body("Acme"));

        assertTrue(again.replayed());
        assertEquals(first.record().requestId(), again.record().requestId());
        assertEquals(first.record().createdAt(), again.record().createdAt());
        assertEquals(1, queue.sent.size());
        assertEquals(1, ledger.size());
    }

    @Test
    void withoutAKeyTheBodyIsTheKeyWhateverItsFieldOrder() {
        RequestIntake.Accepted first = accept(null,
                Json.read("{\"name\":\"Acme\",\"stiggCustomerId\":\"acme\"}", CustomerRequest.class));
        RequestIntake.Accepted reordered = accept(null, body("Acme"));
        RequestIntake.Accepted other = accept(null, body("Acme Renamed"));

        assertEquals(first.record().requestId(), reordered.record().requestId());
        assertTrue(reordered.replayed());
        assertNotEquals(first.record().requestId(), other.record().requestId());
        assertFalse(other.replayed());
        assertEquals(2, queue.sent.size());
    }

    @Test
    void sameKeyNamesAnotherRequestForAnotherOrgOrOperation() {
        String id = accept("k1", body("Acme")).record().requestId();
        String otherOrg = intake.accept(OTHER_ORG, CUSTOMER, "k1", body("Acme"), "acme").record().requestId();
        String otherOperation = intake.accept(ORG, Operation.CREATE_CREDIT_GRANT, "k1", grant(), "acme")
                .record().requestId();

        assertNotEquals(id, otherOrg);
        assertNotEquals(id, otherOperation);
        assertEquals(3, queue.sent.size());
    }

    @Test
    void aPayloadOfAnotherOperationsTypeIsRefusedAndNothingRecorded() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> intake.accept(ORG, Operation.CREATE_CREDIT_GRANT, "k1", body("Acme"), "acme"));

        assertTrue(refused.getMessage().contains("CreditGrantRequest"), refused.getMessage());
        assertEquals(0, ledger.size());
        assertTrue(queue.sent.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> intake.accept(ORG, CUSTOMER, "k2", null, "acme"));
        assertEquals(0, ledger.size());
    }

    @Test
    void keyReusedWithAnotherBodyIsRefusedAndLeavesTheFirstRequestAlone() {
        RequestIntake.Accepted first = accept("k1", body("Acme"));

        IdempotencyException refused = assertThrows(IdempotencyException.class, () -> accept("k1", body("Acme Renamed")));

        assertEquals(IdempotencyException.Reason.KEY_REUSED, refused.reason());
        assertEquals(first.record().requestId(), refused.requestId());
        assertEquals(body("Acme"), stored(first.record().requestId()).payload());
        assertEquals(1, queue.sent.size());
    }

    @Test
    void orgOverItsRateIsRefusedWithNothingRecordedUntilTheNextSecond() {
        intake.accept(ORG, CUSTOMER, "k1", body("A"), "acme", 2);
        intake.accept(ORG, CUSTOMER, "k2", body("B"), "acme", 2);

        RateLimitedException limited = assertThrows(RateLimitedException.class,
                () -> intake.accept(ORG, CUSTOMER, "k3", body("C"), "acme", 2));

        assertEquals(2, limited.requestsPerSecond());
        assertEquals(2, ledger.size());
        assertEquals(2, queue.sent.size());
        assertTrue(ledger.find(RequestIntake.requestId(ORG, CUSTOMER, "k3")).isEmpty());
        assertTrue(intake.accept(ORG, CUSTOMER, "k1", body("A"), "acme", 2).replayed(),
                "a repeat is answered even when the org's second is used up");
        assertFalse(intake.accept(OTHER_ORG, CUSTOMER, "k3", body("C"), "acme", 2).replayed(),
                "another org has its own second");

        clock.advance(Duration.ofSeconds(1));
        assertFalse(intake.accept(ORG, CUSTOMER, "k3", body("C"), "acme", 2).replayed());
    }

    @Test
    void queueRefusingTheContentsLeavesTheRequestVisiblyFailed() {
        QueueRejectedException rejection = new QueueRejectedException("InvalidMessageContents", false, null);
        queue.next = message -> {
            throw rejection;
        };
        String requestId = RequestIntake.requestId(ORG, CUSTOMER, "k1");

        QueueRejectedException thrown = assertThrows(QueueRejectedException.class, () -> accept("k1", body("Acme")));

        assertSame(rejection, thrown);
        RequestRecord record = stored(requestId);
        assertEquals(RequestStatus.FAILED, record.status());
        assertEquals("RejectedByQueue", record.lastError().code());
        assertFalse(record.lastError().retryable());
        assertTrue(record.lastError().message().contains("InvalidMessageContents"));
        assertEquals(RequestIntake.NOT_ENQUEUED, record.failedMessageId());
        assertNull(record.enqueuedAt());
        assertNull(record.enqueueLeaseUntil());
    }

    @Test
    void queueUnavailableReleasesTheLeaseSoARepeatEnqueuesAtOnce() {
        queue.next = message -> {
            throw new QueueUnavailableException("SQS did not answer", null);
        };
        String requestId = RequestIntake.requestId(ORG, CUSTOMER, "k1");

        assertThrows(QueueUnavailableException.class, () -> accept("k1", body("Acme")));
        RequestRecord waiting = stored(requestId);
        assertEquals(RequestStatus.QUEUED, waiting.status(), "a queue outage is not the request's failure");
        assertNull(waiting.enqueuedAt());
        assertNull(waiting.enqueueLeaseUntil());

        RequestIntake.Accepted again = accept("k1", body("Acme"));

        assertTrue(again.replayed());
        assertEquals(1, queue.sent.size());
        assertEquals(clock.instant(), again.record().enqueuedAt());
    }

    @Test
    void repeatOfARequestWhoseFirstAttemptDiedWaitsForItsLeaseThenEnqueues() {
        queue.next = message -> {
            throw new IllegalStateException("the function died before SQS answered");
        };
        assertThrows(IllegalStateException.class, () -> accept("k1", body("Acme")));

        clock.advance(RequestIntake.ENQUEUE_LEASE.minusMillis(1));
        IdempotencyException inFlight = assertThrows(IdempotencyException.class, () -> accept("k1", body("Acme")));
        assertEquals(IdempotencyException.Reason.IN_FLIGHT, inFlight.reason());
        assertTrue(queue.sent.isEmpty());

        clock.advance(Duration.ofMillis(2));
        RequestIntake.Accepted recovered = accept("k1", body("Acme"));
        assertTrue(recovered.replayed());
        assertEquals(1, queue.sent.size());
        assertEquals(clock.instant(), recovered.record().enqueuedAt());
        assertNotNull(accept("k1", body("Acme")).record().enqueuedAt());
        assertEquals(1, queue.sent.size(), "an enqueued request is not sent again");
    }

    @Test
    void ledgerThatDoesNotAnswerFailsTheRequestBeforeAnythingIsEnqueued() {
        RuntimeException outage = new IllegalStateException("DynamoDB did not answer");
        ledger.failOn("create", outage);

        assertSame(outage, assertThrows(RuntimeException.class, () -> accept("k1", body("Acme"))));
        assertTrue(queue.sent.isEmpty());
    }

    @Test
    void ledgerThatCannotReadARepeatFailsItWithoutAnotherMessage() {
        accept("k1", body("Acme"));
        RuntimeException outage = new IllegalStateException("DynamoDB did not answer");
        ledger.failOn("find", outage);

        assertSame(outage, assertThrows(RuntimeException.class, () -> accept("k1", body("Acme"))));
        assertEquals(1, queue.sent.size());
    }

    /** Sends into a list, or does what {@link #next} says for the next send. */
    private static final class ScriptedQueue implements RequestQueue {
        final List<ProvisioningMessage> sent = new ArrayList<>();
        Consumer<ProvisioningMessage> next;

        @Override
        public void send(ProvisioningMessage message) {
            Consumer<ProvisioningMessage> action = next;
            next = null;
            if (action != null) {
                action.accept(message);
            }
            sent.add(message);
        }

        @Override
        public void changeVisibility(String receiptHandle, Duration delay) {
            throw new UnsupportedOperationException("intake only sends");
        }

        @Override
        public void requeue(ProvisioningMessage message, int copy, Duration delay) {
            throw new UnsupportedOperationException("intake only sends");
        }
    }
}
