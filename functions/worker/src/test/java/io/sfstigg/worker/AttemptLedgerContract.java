package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.CompletedStep;
import io.sfstigg.core.ledger.CustomerOutcome;
import io.sfstigg.core.ledger.CustomerResult;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.ledger.SubscriptionOutcome;
import io.sfstigg.core.model.RequestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link AttemptLedger} promises, checked on each implementation: the in-memory one the
 * worker's unit tests use must keep the same rules as the DynamoDB one.
 */
abstract class AttemptLedgerContract {
    static final String TENANT = "00D5e000000LdgrEAA";
    private static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");
    private static final Instant LEASE_END = NOW.plusSeconds(60);
    private static final StepError TIMEOUT = new StepError("Timeout", "Stigg did not answer in time", true);
    private static final StepError REFUSED = new StepError("BadUserInput", "refused", false);

    abstract AttemptLedger ledger();

    /** A new QUEUED request; returns its id. */
    abstract String newRequest();

    private RequestRecord record(String id) {
        return ledger().find(id).orElseThrow();
    }

    private static Steps customerStep() {
        return Steps.NONE.withCustomer(new CompletedStep<>(NOW, CustomerOutcome.existing("acme")));
    }

    private static Steps subscriptionStep() {
        return Steps.NONE.withSubscription(new CompletedStep<>(NOW,
                SubscriptionOutcome.renewal("sub-1", null, "ACTIVE", "plan-basic", null)));
    }

    @Test
    void oneAttemptRunsAtATimeUnderItsLease() {
        String id = newRequest();
        RequestRecord started = ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END).orElseThrow();
        assertEquals(RequestStatus.IN_PROGRESS, started.status());
        assertEquals(1, started.attempts());
        assertEquals(LEASE_END.toEpochMilli(), started.processingLeaseUntil().toEpochMilli());

        assertTrue(ledger().startAttempt(id, "m-1", 0, LEASE_END.minusMillis(1), LEASE_END.plusSeconds(60)).isEmpty());
        assertEquals(2, ledger().startAttempt(id, "m-1", 0, LEASE_END.plusMillis(1), LEASE_END.plusSeconds(60))
                .orElseThrow().attempts(), "once the lease has ended");
    }

    @Test
    void noAttemptStartsAfterSuccessOrForAnUnknownRequest() {
        String id = newRequest();
        ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END);
        ledger().succeed(id, new CustomerResult("acme", null, CustomerOutcome.existing("acme")), customerStep(), List.of(), NOW);
        RequestRecord done = record(id);
        assertEquals(RequestStatus.SUCCEEDED, done.status());
        assertNull(done.processingLeaseUntil());
        assertEquals("acme", ((CustomerResult) done.result()).stiggCustomerId());
        assertTrue(ledger().startAttempt(id, "m-2", 5, LEASE_END.plusSeconds(1), LEASE_END.plusSeconds(60)).isEmpty());
        assertTrue(ledger().startAttempt("req_unknown", "m-1", 0, NOW, LEASE_END).isEmpty());
    }

    @Test
    void aRequeuedRequestMakesOlderCopiesStaleAndCountsNoAttempt() {
        String id = newRequest();
        ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END);
        ledger().requeued(id, 2, null, customerStep(), NOW);
        RequestRecord waiting = record(id);
        assertEquals(RequestStatus.QUEUED, waiting.status());
        assertEquals(2, waiting.copy());
        assertEquals(0, waiting.attempts());
        assertNull(waiting.processingLeaseUntil());

        assertTrue(ledger().startAttempt(id, "m-1", 1, NOW, LEASE_END).isEmpty(), "copy 1 is stale");
        assertTrue(ledger().startAttempt(id, "m-3", 2, NOW, LEASE_END).isPresent());
        ledger().requeued(id, 3, TIMEOUT, null, NOW);
        assertEquals(RequestStatus.RETRYING, record(id).status(), "refused by Stigg");
        assertEquals(TIMEOUT, record(id).lastError());
    }

    @Test
    void retryingKeepsCopyReceivesAndStepsAndAFinalStatusClearsTheReceives() {
        String id = newRequest();
        ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END);
        ledger().retrying(id, 1, 5, TIMEOUT, customerStep(), NOW);
        RequestRecord retrying = record(id);
        assertEquals(RequestStatus.RETRYING, retrying.status());
        assertEquals(1, retrying.copy());
        assertEquals(5, retrying.priorReceives());
        assertEquals(TIMEOUT, retrying.lastError());

        ledger().startAttempt(id, "m-2", 1, NOW, LEASE_END);
        ledger().exhausted(id, TIMEOUT, "m-2", subscriptionStep(), NOW);
        RequestRecord exhausted = record(id);
        assertEquals(RequestStatus.DEAD_LETTERED, exhausted.status());
        assertEquals(0, exhausted.priorReceives());
        assertEquals("m-2", exhausted.failedMessageId());
        assertTrue(exhausted.steps().customer() != null && exhausted.steps().subscription() != null, "steps are merged");
    }

    @Test
    void aFailedRequestsOwnMessageStartsNothingUntilItHasBeenDeadLettered() {
        String id = newRequest();
        ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END);
        ledger().fail(id, REFUSED, "m-1", null, NOW);
        RequestRecord failed = record(id);
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals(REFUSED, failed.lastError());
        assertNull(failed.processingLeaseUntil());
        assertTrue(ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END).isEmpty());

        Instant later = NOW.plus(Duration.ofMinutes(1));
        ledger().markDeadLettered(id, RequestStatus.FAILED, REFUSED, "m-1", later);
        assertEquals(later.toEpochMilli(), record(id).deadLetteredAt().toEpochMilli());
        RequestRecord redriven = ledger().startAttempt(id, "m-1", 0, later, later.plusSeconds(60)).orElseThrow();
        assertNull(redriven.deadLetteredAt(), "a redrive is tried afresh");
        assertEquals(RequestStatus.IN_PROGRESS, redriven.status());
    }

    @Test
    void anotherMessageOfAFailedRequestMayStartAnAttempt() {
        String id = newRequest();
        ledger().startAttempt(id, "m-1", 0, NOW, LEASE_END);
        ledger().fail(id, REFUSED, "m-1", null, NOW);
        assertTrue(ledger().startAttempt(id, "m-2", 0, NOW, LEASE_END).isPresent(), "a redrive under a new id");
    }
}
