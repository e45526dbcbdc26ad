package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.intake.InMemoryOpportunityStore;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.SubscriptionResult;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.ratelimit.CallLimiter;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.secrets.SecretNotFoundException;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.CancellationInput;
import io.sfstigg.core.stigg.CreditGrantInput;
import io.sfstigg.core.stigg.CustomerInput;
import io.sfstigg.core.stigg.ProvisionedSubscription;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCancellation;
import io.sfstigg.core.stigg.StiggCreditGrant;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.SubscriptionUpdateInput;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.CachingTenantStore;
import io.sfstigg.core.tenant.StiggLimits;
import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.testing.LogCapture;
import io.sfstigg.core.tenant.TenantReader;
import io.sfstigg.api.validation.RequestParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pacing, re-queueing and the calls a request makes, branch by branch, against in-memory fakes. */
class MessageProcessorTest {
    private static final String TENANT = "00D5e000000PaceEAA";
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-31T22:00:00Z"), ZoneOffset.UTC);
    private final InMemoryAttemptLedger ledger = new InMemoryAttemptLedger();
    private final Map<String, Tenant> tenants = new HashMap<>(Map.of(TENANT, tenant(false, clock.instant())));
    private final Map<String, String> secrets = new HashMap<>(Map.of("secret-id", "server-key"));
    private final RecordingQueue queue = new RecordingQueue();
    private final ScriptedStigg stigg = new ScriptedStigg();
    private final ScriptedLimiter limiter = new ScriptedLimiter();
    private final MessageProcessor processor = processor();

    private MessageProcessor processor() {
        TenantReader tenantStore = id -> Optional.ofNullable(tenants.get(id));
        SecretStore secretStore = new SecretStore() {
            @Override public String read(String id) {
                return Optional.ofNullable(secrets.get(id)).orElseThrow(() -> new SecretNotFoundException(id));
            }
            @Override public String write(String name, String value) { throw new UnsupportedOperationException(); }
        };
        Pacer pacer = new Pacer(limiter, WINDOW, Duration.ofMillis(50));
        return new MessageProcessor(ledger, new CachingTenantStore(tenantStore, Duration.ofSeconds(30), clock),
                new CachingSecretStore(secretStore), queue, new Provisioner(stigg, pacer, ledger,
                new InMemoryOpportunityStore(), new DeepLinks("https://app.stigg.io"), clock, null), pacer,
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(15), 12), Duration.ofMinutes(30),
                new Metrics("test"), clock);
    }

    private Tenant tenant(boolean disabled, Instant keyValidatedAt) {
        return new Tenant(TENANT, "Pace", "pace.my.salesforce.com", disabled, clock.instant(), "pace-env", "USD",
                "secret-id", "server-****0001", keyValidatedAt, new OrgLimits(null, null), new StiggLimits(250, 30));
    }

    // ---- the calls a request makes ----

    @Test
    void anOpportunityMakesItsTwoMutationsOnlyWithOnePermitRequestForBoth() {
        String id = opportunity("acme");
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));

        assertEquals(List.of("provisionCustomer", "provisionSubscription"), stigg.calls);
        assertEquals(1, limiter.requests.size());
        assertEquals(Map.of(TENANT + "#op#provisionCustomer", 1, TENANT + "#op#provisionSubscriptionV2", 1,
                TENANT + "#customer#acme", 2), permits(limiter.requests.get(0)));
        RequestRecord done = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.SUCCEEDED, done.status());
        assertEquals(1, ledger.linksOf(id).size(), "links written with the result");
        assertTrue(done.steps().customer() != null && done.steps().subscription() != null);
    }

    @Test
    void aMessageOfAnotherSchemaVersionFailsItsRequestVisiblyAndCallsNothing() {
        String id = opportunity("acme");
        SQSEvent.SQSMessage message = sqs(id, 0, 1);
        message.setBody(message.getBody().replace("\"schemaVersion\":" + ProvisioningMessage.SCHEMA_VERSION,
                "\"schemaVersion\":" + (ProvisioningMessage.SCHEMA_VERSION + 1)));
        assertFalse(processor.process(message, Duration.ofSeconds(60)), "left for the dead-letter queue");
        assertEquals(List.of(), stigg.calls);
        RequestRecord failed = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals("UnsupportedMessageVersion", failed.lastError().code());
        assertTrue(failed.lastError().message().contains("schema version 2"), failed.lastError().message());
    }

    @Test
    void aMessageOfAnotherSchemaVersionLeavesASucceededRequestAsItIs() {
        String id = grant("acme");
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        RequestRecord done = ledger.find(id).orElseThrow();
        SQSEvent.SQSMessage message = sqs(id, 0, 2);
        message.setBody(message.getBody().replace("\"schemaVersion\":" + ProvisioningMessage.SCHEMA_VERSION,
                "\"schemaVersion\":" + (ProvisioningMessage.SCHEMA_VERSION + 1)));
        assertFalse(processor.process(message, Duration.ofSeconds(60)), "left for the dead-letter queue");
        assertEquals(done, ledger.find(id).orElseThrow());
        assertEquals(List.of("startAttempt", "succeed"), ledger.writes());
    }

    @Test
    void anExistingCustomerIsAnsweredByItsMutationNotReadFirst() {
        stigg.existingCustomers.add("acme");
        String id = opportunity("acme");
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(List.of("provisionCustomer", "getCustomerByRefId", "provisionSubscription"), stigg.calls,
                "an existing customer is read once, for a live subscription a renewal would change");
        assertFalse(((SubscriptionResult) ledger.find(id).orElseThrow().result()).customer().created());
    }

    @Test
    void aCreditGrantLooksForAnEarlierCreateOnlyOnARetry() {
        String id = grant("acme");
        stigg.failNext.add(timeout());
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(List.of("createCreditGrant"), stigg.calls);
        assertTrue(processor.process(sqs(id, 1, 1), Duration.ofSeconds(60)));
        assertEquals(List.of("createCreditGrant", "creditGrants", "createCreditGrant"), stigg.calls);
    }

    // ---- messages the worker cannot act on ----

    @Test
    void anUnreadableMessageIsLeftForTheDeadLetterQueueTouchingNothing() {
        String id = grant("acme");
        SQSEvent.SQSMessage message = sqs(id, 0, 1);
        message.setBody("{not json");
        assertFalse(processor.process(message, Duration.ofSeconds(60)));
        assertEquals(List.of(), ledger.writes());
        assertEquals(List.of(), queue.requeues);
        assertEquals(List.of(), queue.visibilityChanges, "it comes back after its own visibility timeout");
        assertEquals(List.of(), stigg.calls);
    }

    @Test
    void aMessageForARequestTheLedgerDoesNotKnowIsLeftForTheDeadLetterQueue() {
        String id = grant("acme");
        SQSEvent.SQSMessage message = sqs(id, 0, 1);
        message.setBody(message.getBody().replace(id, "req_unknown"));
        assertFalse(processor.process(message, Duration.ofSeconds(60)));
        assertEquals(List.of(), ledger.writes());
        assertEquals(List.of(), queue.requeues);
        assertEquals(List.of(), stigg.calls);
        assertEquals(RequestStatus.QUEUED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void aDisabledOrgFailsItsRequestWithoutCallingStigg() {
        tenants.put(TENANT, tenant(true, clock.instant()));
        assertFailsWithoutCallingStigg("TenantNotConfigured");
    }

    @Test
    void anOrgThatIsNotRegisteredFailsItsRequestWithoutCallingStigg() {
        tenants.clear();
        assertFailsWithoutCallingStigg("TenantNotConfigured");
    }

    @Test
    void aMissingStiggKeyFailsTheRequestWithoutCallingStigg() {
        secrets.clear();
        assertFailsWithoutCallingStigg("StiggKeyMissing");
    }

    private void assertFailsWithoutCallingStigg(String code) {
        String id = grant("acme");
        assertFalse(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        RequestRecord failed = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals(code, failed.lastError().code());
        assertFalse(failed.lastError().retryable());
        assertEquals(id + "-copy-0", failed.failedMessageId(), "the message on its way to the dead-letter queue");
        assertEquals(null, failed.processingLeaseUntil(), "the attempt's lease ended");
        assertEquals(List.of("startAttempt", "fail"), ledger.writes());
        assertEquals(List.of(Duration.ZERO), queue.visibilityChanges, "back at once, to the queue's redrive policy");
        assertEquals(List.of(), stigg.calls);
    }

    // ---- one attempt at a time, none after success ----

    @Test
    void aDuplicateDeliveryOfASucceededRequestIsDeletedAndChangesNothing() {
        String id = grant("acme");
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        RequestRecord done = ledger.find(id).orElseThrow();
        List<String> writes = ledger.writes();

        assertTrue(processor.process(sqs(id, 0, 2), Duration.ofSeconds(60)), "deleted");
        assertTrue(processor.process(sqs(id, 3, 1), Duration.ofSeconds(60)), "even a newer copy");
        assertEquals(done, ledger.find(id).orElseThrow());
        assertEquals(writes, ledger.writes());
        assertEquals(List.of("createCreditGrant"), stigg.calls);
        assertEquals(List.of(), queue.visibilityChanges);
    }

    @Test
    void aPermanentFailuresMessageReceivedAgainIsNotTriedAgainAndIsMarkedOnItsLastReceive() {
        RequestRecord failed = grantFailedBy(new StiggException(StiggErrorCode.BAD_USER_INPUT, "the grant was refused",
                null));
        String id = failed.requestId();

        assertFalse(processor.process(sqs(id, 0, 2), Duration.ofSeconds(60)));
        assertEquals(failed, ledger.find(id).orElseThrow(), "a receive on its way changes nothing");
        assertFalse(processor.process(sqs(id, 0, 12), Duration.ofSeconds(60)));
        RequestRecord deadLettered = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.FAILED, deadLettered.status(), "still the permanent failure it was");
        assertEquals("BadUserInput", deadLettered.lastError().code());
        assertEquals(clock.instant(), deadLettered.deadLetteredAt());
        assertEquals(List.of("startAttempt", "fail", "markDeadLettered"), ledger.writes());
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), queue.visibilityChanges);
        assertEquals(List.of("createCreditGrant"), stigg.calls);
    }

    @Test
    void aRejectedKeyIsTriedOnceMoreWhenTheOrgHasANewerKey() {
        String id = grant("acme");
        assertTrue(processor.process(sqs(grant("warm-the-cache"), 0, 1), Duration.ofSeconds(60)));
        tenants.put(TENANT, tenant(false, clock.instant().plusSeconds(1)));
        secrets.put("secret-id", "server-key-rotated");
        stigg.calls.clear();
        stigg.failNext.add(new StiggException(StiggErrorCode.UNAUTHENTICATED, "Stigg rejected the API key (HTTP 401)", null));

        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(List.of("createCreditGrant", "createCreditGrant"), stigg.calls, "run again, once");
        assertEquals(List.of("server-key", "server-key", "server-key-rotated"), stigg.apiKeys.subList(0, 3),
                "the cached key, then the new one");
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    // ---- retries and the dead-letter queue ----

    @Test
    void aRetryableFailureGoesBackAsTheNextCopyCarryingTheReceivesSpent() {
        String id = grant("acme");
        stigg.failNext.add(timeout());
        assertTrue(processor.process(sqs(id, 0, 3), Duration.ofSeconds(60)), "the received message is deleted");

        assertEquals(List.of(), queue.visibilityChanges, "no receive is left to the queue's count");
        Requeue requeue = queue.requeues.get(0);
        assertEquals(1, requeue.copy());
        assertTrue(requeue.delay().compareTo(Duration.ofSeconds(8)) >= 0
                && requeue.delay().compareTo(Duration.ofMillis(9_600)) <= 0, "the backoff after 3 receives: " + requeue);
        RequestRecord retrying = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.RETRYING, retrying.status());
        assertEquals("Timeout", retrying.lastError().code());
        assertEquals(1, retrying.copy());
        assertEquals(3, retrying.priorReceives());

        assertTrue(processor.process(sqs(id, 0, 4), Duration.ofSeconds(60)), "the old copy, delivered again, is dropped");
        assertEquals(List.of("createCreditGrant"), stigg.calls);
    }

    @Test
    void retriesRunOutOnTheReceivesOfAllCopiesAndTheRequestIsDeadLetteredBeforeItsMessage() {
        String id = grant("acme");
        stigg.failNext.add(timeout());
        assertTrue(processor.process(sqs(id, 0, 10), Duration.ofSeconds(60)), "10 of 12 receives spent");
        stigg.failNext.add(timeout());
        // the next copy's first receive was lost (a dying invocation): the worker first sees its second
        assertFalse(processor.process(sqs(id, 1, 2), Duration.ofSeconds(60)), "left for the dead-letter queue");

        RequestRecord exhausted = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.DEAD_LETTERED, exhausted.status());
        assertEquals("Timeout", exhausted.lastError().code());
        assertEquals(null, exhausted.deadLetteredAt(), "the message has not reached the DLQ yet");
        assertEquals(1, queue.requeues.size(), "no further copy");
        assertEquals(List.of(Duration.ZERO), queue.visibilityChanges, "back at once, to the queue's redrive policy");

        assertFalse(processor.process(sqs(id, 1, 11), Duration.ofSeconds(60)));
        assertFalse(processor.process(sqs(id, 1, 12), Duration.ofSeconds(60)));
        RequestRecord deadLettered = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.DEAD_LETTERED, deadLettered.status());
        assertEquals(clock.instant(), deadLettered.deadLetteredAt(), "its last receive: the queue moves it next");
        assertEquals(List.of("createCreditGrant", "creditGrants"), stigg.calls,
                "a dead-lettered request's message calls no one on its way");

        stigg.failNext.add(timeout());
        assertTrue(processor.process(sqs(id, 1, 1), Duration.ofSeconds(60)), "redriven: tried afresh");
        RequestRecord redriven = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.RETRYING, redriven.status());
        assertEquals(1, redriven.priorReceives(), "a redrive starts with no receives spent");
        assertEquals(2, redriven.copy());
    }

    @Test
    void aFailedMessageRedrivenUnderItsOwnIdIsTriedAfreshEvenIfItsLastReceiveWentUnseen() {
        String id = grant("acme");
        stigg.failNext.add(new StiggException(StiggErrorCode.BAD_USER_INPUT, "the grant was refused", null));
        assertFalse(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertFalse(processor.process(sqs(id, 0, 2), Duration.ofSeconds(60)), "on its way: not tried again");
        assertEquals(List.of("createCreditGrant"), stigg.calls);
        assertEquals(null, ledger.find(id).orElseThrow().deadLetteredAt(), "its last receive was never handled");

        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)), "back from the DLQ: receives restart");
        assertEquals(List.of("createCreditGrant", "creditGrants", "createCreditGrant"), stigg.calls);
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void aDeliveryWhileAnotherWorkerHoldsTheRequestIsSentAgainRatherThanDeadLetteredOnItsLastReceive() {
        String id = grant("acme");
        ledger.holdLease(id, clock.instant().plusSeconds(30));
        assertFalse(processor.process(sqs(id, 0, 5), Duration.ofSeconds(60)));
        assertEquals(List.of(Duration.ofSeconds(30)), queue.visibilityChanges, "until the other attempt's lease ends");

        assertTrue(processor.process(sqs(id, 0, 12), Duration.ofSeconds(60)), "the received message is deleted");
        assertEquals(List.of(new Requeue(id, 0, Duration.ofSeconds(30))), queue.requeues,
                "sent again as a new message of the same copy");
        assertEquals(RequestStatus.IN_PROGRESS, ledger.find(id).orElseThrow().status(), "the other attempt's to record");
        assertEquals(List.of(), stigg.calls);
    }

    // ---- Stigg's errors: retry class and trace id ----

    @Test
    void aPermanentStiggErrorFailsTheRequestWithStiggsTraceIdOnItsErrorAndLogLine() throws Exception {
        String id = grant("acme");
        stigg.failNext.add(new StiggException(StiggErrorCode.CUSTOM_CURRENCY_NOT_FOUND,
                "Custom currency not found: cred-type-test", "trace-currency-1"));
        List<String> lines = LogCapture.linesOf(() -> assertFalse(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60))),
                MessageProcessor.class);

        RequestRecord failed = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals(new StepError("CustomCurrencyNotFound", "Custom currency not found: cred-type-test", false,
                "trace-currency-1"), failed.lastError());
        assertEquals(List.of(Duration.ZERO), queue.visibilityChanges, "back at once, on its way to the DLQ");
        assertTrue(lines.stream().anyMatch(line -> line.contains("permanent failure")
                && line.contains("\"stiggTraceId\":\"trace-currency-1\"")), lines.toString());
    }

    @Test
    void aRetryableStiggErrorKeepsTheTraceIdWhileRetrying() throws Exception {
        String id = grant("acme");
        stigg.failNext.add(new StiggException(StiggErrorCode.OPERATION_TIMEOUT, "Operation timed out", "trace-slow-1"));
        List<String> lines = LogCapture.linesOf(() -> assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60))),
                MessageProcessor.class);

        RequestRecord retrying = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.RETRYING, retrying.status());
        assertEquals("trace-slow-1", retrying.lastError().stiggTraceId());
        assertTrue(retrying.lastError().retryable());
        assertTrue(queue.requeues.get(0).delay().compareTo(Duration.ZERO) > 0, "retried after a back-off");
        assertTrue(lines.stream().anyMatch(line -> line.contains("retryable failure")
                && line.contains("\"stiggTraceId\":\"trace-slow-1\"")), lines.toString());
    }

    @Test
    void aTransportFailureHasNoTraceId() {
        String id = grant("acme");
        stigg.failNext.add(new StiggException(StiggErrorCode.HTTP_SERVER_ERROR, "HttpStatus503", "Stigg answered HTTP 503",
                null));
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        StepError error = ledger.find(id).orElseThrow().lastError();
        assertEquals(new StepError("HttpStatus503", "Stigg answered HTTP 503", true, null), error);
    }

    @Test
    void aRateLimitRefusalKeepsTheTraceIdOnTheRequeuedRequest() {
        String id = opportunity("acme");
        stigg.refuse.add("provisionCustomer");
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        StepError error = ledger.find(id).orElseThrow().lastError();
        assertEquals("RateLimitExceeded", error.code());
        assertEquals("trace-429", error.stiggTraceId());
    }

    @Test
    void aCreditGrantWaitsForItsCustomerOnlyForAWhile() {
        String young = grant("acme");
        stigg.failNext.add(new StiggException(StiggErrorCode.CUSTOMER_NOT_FOUND, "Customer not found: acme", "t-1"));
        assertTrue(processor.process(sqs(young, 0, 1), Duration.ofSeconds(60)));
        assertEquals(RequestStatus.RETRYING, ledger.find(young).orElseThrow().status());

        String old = ledger.accept(TENANT, Operation.CREATE_CREDIT_GRANT, ledger.find(young).orElseThrow().payload(),
                "acme", clock.instant().minus(Duration.ofMinutes(31)));
        stigg.failNext.add(new StiggException(StiggErrorCode.CUSTOMER_NOT_FOUND, "Customer not found: acme", "t-2"));
        assertFalse(processor.process(sqs(old, 0, 1), Duration.ofSeconds(60)));
        assertEquals(RequestStatus.FAILED, ledger.find(old).orElseThrow().status());
    }

    @Test
    void aRejectedKeyFailsAtOnceWhenTheOrgHasNoNewerKey() {
        RequestRecord failed = grantFailedBy(new StiggException(StiggErrorCode.UNAUTHENTICATED,
                "Stigg rejected the API key (HTTP 401)", null));
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals("Unauthenticated", failed.lastError().code());
        assertEquals(List.of("createCreditGrant"), stigg.calls, "not run again with the same key");
    }

    @Test
    void anUnknownStiggCodeIsAPermanentFailureThatKeepsTheCodeAsSent() {
        String id = grant("acme");
        stigg.failNext.add(StiggException.fromGraphQl("SomethingStiggAddedLater", "new", "trace-new"));
        assertFalse(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(new StepError("SomethingStiggAddedLater", "new", false, "trace-new"),
                ledger.find(id).orElseThrow().lastError());
    }

    // ---- pacing ----

    @Test
    void aPacedRequestGoesBackAsTheNextCopyForTheLimitersWaitWithoutCallingStigg() {
        String id = opportunity("acme");
        limiter.answers.add(CallLimiter.Admission.waitFor(Duration.ofMillis(45_300)));
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)), "the received message is deleted");

        assertEquals(List.of(), stigg.calls);
        assertEquals(List.of(new Requeue(id, 1, Duration.ofMillis(45_300))), queue.requeues);
        assertEquals(List.of(), queue.visibilityChanges, "no receive is spent waiting");
        RequestRecord waiting = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.QUEUED, waiting.status());
        assertEquals(1, waiting.copy());
        assertEquals(0, waiting.attempts(), "a paced wait is not an attempt at Stigg");
    }

    @Test
    void aShortWaitIsWaitedInPlace() {
        String id = opportunity("acme");
        limiter.answers.add(CallLimiter.Admission.waitFor(Duration.ofMillis(20)));
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(List.of(), queue.requeues);
        assertEquals(2, limiter.requests.size());
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void aRefusalByStiggRequeuesForPartOfTheWindowKeepsTheDoneStepAndHoldsTheKeysBack() {
        String id = opportunity("acme");
        stigg.refuse.add("provisionSubscription");
        assertTrue(processor.process(sqs(id, 0, 11), Duration.ofSeconds(60)), "even on the 11th of 12 receives");

        Requeue requeue = queue.requeues.get(0);
        assertEquals(1, requeue.copy());
        assertTrue(requeue.delay().compareTo(WINDOW.dividedBy(8)) >= 0 && requeue.delay().compareTo(WINDOW.dividedBy(4)) <= 0,
                requeue.toString());
        assertEquals(List.of(), queue.visibilityChanges);
        assertEquals(3, limiter.heldBack.size(), "the admitted calls' keys are held back in this environment");
        RequestRecord refused = ledger.find(id).orElseThrow();
        assertEquals(RequestStatus.RETRYING, refused.status());
        assertEquals("RateLimitExceeded", refused.lastError().code());
        assertTrue(refused.steps().customer() != null);

        stigg.calls.clear();
        limiter.requests.clear();
        assertTrue(processor.process(sqs(id, 1, 1), Duration.ofSeconds(60)));
        assertEquals(List.of("provisionSubscription"), stigg.calls, "the customer step is not made again");
        assertEquals(Map.of(TENANT + "#op#provisionSubscriptionV2", 1, TENANT + "#customer#acme", 1),
                permits(limiter.requests.get(0)));
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void aWaitAlreadyKnownSendsTheMessageBackWithoutTouchingTheLedger() {
        String id = opportunity("acme");
        limiter.knownWait = Duration.ofSeconds(42);
        RequestRecord before = ledger.find(id).orElseThrow();
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertEquals(List.of(new Requeue(id, 1, Duration.ofSeconds(42))), queue.requeues);
        assertEquals(before, ledger.find(id).orElseThrow(), "no attempt was started");
        assertEquals(List.of(), limiter.requests, "no permit asked of the store");
        assertEquals(List.of(), stigg.calls);

        limiter.knownWait = Duration.ZERO;
        assertTrue(processor.process(sqs(id, 1, 1), Duration.ofSeconds(60)));
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void aMessageReceivedBeforeIsNotPacedBeforeTheLedgerHasSeenIt() {
        String id = opportunity("acme");
        limiter.knownWait = Duration.ofSeconds(42);
        assertTrue(processor.process(sqs(id, 0, 2), Duration.ofSeconds(60)));
        assertEquals(List.of(), queue.requeues);
        assertEquals(1, limiter.requests.size(), "the store was asked");
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(id).orElseThrow().status());
    }

    @Test
    void anOlderCopyIsDroppedOnceANewerOneIsQueued() {
        String id = opportunity("acme");
        limiter.answers.add(CallLimiter.Admission.waitFor(Duration.ofSeconds(30)));
        assertTrue(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        assertTrue(processor.process(sqs(id, 0, 2), Duration.ofSeconds(60)),
                "the original, delivered again because its deletion was lost, is deleted");
        assertEquals(List.of(), stigg.calls);
        assertEquals(1, queue.requeues.size());

        assertTrue(processor.process(sqs(id, 1, 1), Duration.ofSeconds(60)));
        assertTrue(processor.process(sqs(id, 1, 2), Duration.ofSeconds(60)), "a duplicate after success is deleted");
        assertEquals(List.of("provisionCustomer", "provisionSubscription"), stigg.calls);
    }

    // ---- helpers and fakes ----

    private String opportunity(String customer) {
        var request = new RequestParser("USD", clock).subscription(Json.read("{\"stiggCustomerId\":\"" + customer
                + "\",\"planId\":\"plan-pro\",\"salesforceAccountId\":\"001Dn00000A1b2c\","
                + "\"salesforceOpportunityId\":\"006Dn00000C3d4e\",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":5}]}"));
        return ledger.accept(TENANT, Operation.PROVISION_OPPORTUNITY, request, customer,
                clock.instant());
    }

    private String grant(String customer) {
        var request = new RequestParser("USD", clock).creditGrant(Json.read("{\"stiggCustomerId\":\"" + customer
                + "\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":\"cred-type-test\",\"displayName\":\"Grant\",\"amount\":5}"));
        return ledger.accept(TENANT, Operation.CREATE_CREDIT_GRANT, request, customer,
                clock.instant());
    }

    /** A grant whose first receive meets {@code failure}: a permanent failure, its message left to the queue. */
    private RequestRecord grantFailedBy(StiggException failure) {
        String id = grant("acme");
        stigg.failNext.add(failure);
        assertFalse(processor.process(sqs(id, 0, 1), Duration.ofSeconds(60)));
        return ledger.find(id).orElseThrow();
    }

    private SQSEvent.SQSMessage sqs(String requestId, int copy, int receiveCount) {
        RequestRecord record = ledger.find(requestId).orElseThrow();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(requestId + "-copy-" + copy);
        message.setReceiptHandle("receipt-" + requestId + "-" + copy + "-" + receiveCount);
        message.setBody(Json.write(new ProvisioningMessage(ProvisioningMessage.SCHEMA_VERSION, requestId, TENANT,
                record.operation(), record.idempotencyKey(), record.createdAt(), record.payload())));
        message.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receiveCount)));
        if (copy > 0) {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType("Number");
            attribute.setStringValue(String.valueOf(copy));
            message.setMessageAttributes(Map.of(RequestQueue.COPY_ATTRIBUTE, attribute));
        }
        return message;
    }

    private static StiggException timeout() {
        return new StiggException(StiggErrorCode.TIMEOUT, "Stigg did not answer in time", null);
    }

    private static Map<String, Integer> permits(List<CallLimiter.Demand> demands) {
        Map<String, Integer> permits = new HashMap<>();
        demands.forEach(d -> permits.put(d.key(), d.permits()));
        return permits;
    }

    record Requeue(String requestId, int copy, Duration delay) {}

    private static final class RecordingQueue implements RequestQueue {
        final List<Requeue> requeues = new ArrayList<>();
        final List<Duration> visibilityChanges = new ArrayList<>();

        @Override public void send(ProvisioningMessage message) { throw new UnsupportedOperationException(); }
        @Override public void changeVisibility(String receiptHandle, Duration delay) { visibilityChanges.add(delay); }
        @Override public void requeue(ProvisioningMessage message, int copy, Duration delay) {
            requeues.add(new Requeue(message.requestId(), copy, delay));
        }
    }

    private static final class ScriptedLimiter implements CallLimiter {
        final Deque<Admission> answers = new ArrayDeque<>();
        final List<List<Demand>> requests = new ArrayList<>();
        final List<Demand> heldBack = new ArrayList<>();

        @Override
        public Admission acquire(List<Demand> demands) {
            requests.add(demands);
            return answers.isEmpty() ? Admission.GRANTED : answers.poll();
        }

        @Override
        public void holdBack(List<Demand> demands, Duration delay) {
            heldBack.addAll(demands);
        }

        @Override
        public Duration knownWait(List<Demand> demands) {
            return knownWait;
        }

        Duration knownWait = Duration.ZERO;
    }

    private static final class ScriptedStigg implements Stigg {
        final List<String> calls = new ArrayList<>();
        final List<String> existingCustomers = new ArrayList<>();
        final List<String> refuse = new ArrayList<>();
        final Deque<StiggException> failNext = new ArrayDeque<>();
        final List<String> apiKeys = new ArrayList<>();

        private void call(String name, String apiKey) {
            calls.add(name);
            apiKeys.add(apiKey);
            if (refuse.remove(name)) {
                throw new StiggException(StiggErrorCode.RATE_LIMIT_EXCEEDED, "Rate limit exceeded", "trace-429");
            }
            if (!failNext.isEmpty()) {
                throw failNext.poll();
            }
        }

        @Override
        public StiggCustomer provisionCustomer(String apiKey, CustomerInput input) {
            call("provisionCustomer", apiKey);
            if (existingCustomers.contains(input.customerId())) {
                throw new StiggException(StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED, "exists", "trace-dup");
            }
            return customer(input.customerId());
        }

        @Override public StiggCustomer updateCustomer(String apiKey, CustomerInput input) {
            call("updateOneCustomer", apiKey);
            return customer(input.customerId());
        }

        @Override public Optional<StiggCustomer> findCustomer(String apiKey, String customerId) {
            call("getCustomerByRefId", apiKey);
            return Optional.empty();
        }

        @Override public ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input) {
            call("provisionSubscription", apiKey);
            return new ProvisionedSubscription(null, "SUCCESS", null, subscription(input.subscriptionId()));
        }

        @Override public StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input) {
            call("updateOneSubscription", apiKey);
            return subscription(input.subscriptionId());
        }

        @Override public StiggCancellation cancelSubscription(String apiKey, CancellationInput input) {
            call("cancelSubscription", apiKey);
            return new StiggCancellation(input.subscriptionRefId(), "ACTIVE", null, null, null, null);
        }

        @Override public StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input) {
            call("createCreditGrant", apiKey);
            return new StiggCreditGrant("grant-1", "ACTIVE", input.amount(), input.currencyId(), input.customerId(),
                    input.displayName(), null, null, null);
        }

        @Override public List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId) {
            call("creditGrants", apiKey);
            return List.of();
        }

        private static StiggCustomer customer(String customerId) {
            return new StiggCustomer(null, customerId, null, null, null, null);
        }

        private static StiggSubscription subscription(String subscriptionId) {
            return new StiggSubscription(subscriptionId, "ACTIVE", null, null, null, null, null, null, null, null);
        }
    }
}
