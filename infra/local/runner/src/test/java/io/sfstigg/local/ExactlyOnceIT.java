package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.eventually;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static io.sfstigg.local.TestSystem.queueDepth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.config.Variable;
import io.sfstigg.api.intake.IdempotencyException;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.api.validation.RequestParser;
import io.sfstigg.local.stigg.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Each fault leaves exactly one customer, subscription or grant in Stigg and the request SUCCEEDED. */
class ExactlyOnceIT {

    private static String unique() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void sqsMessageDeliveredTwiceProvisionsOnce() {
        String customerId = unique();
        get().eventSource().pause();
        try {
            String requestId = post("/v1/subscriptions", ProvisioningPipelineIT.subscription(customerId)).body()
                    .path("requestId").asText();
            Message message = receiveOne();
            get().sqs().sendMessage(r -> r.queueUrl(get().queueUrl()).messageBody(message.body()));
            get().sqs().changeMessageVisibility(r -> r.queueUrl(get().queueUrl())
                    .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            get().eventSource().resume();
            awaitStatus(requestId, "SUCCEEDED");
            eventually("both copies consumed").until(() -> queueDepth(get().queueUrl()) == 0);
        } finally {
            get().eventSource().resume();
        }
        assertEquals(1, StiggCalls.subscriptions(customerId).size());
        assertEquals(1, StiggCalls.customers(customerId).size());
    }

    @Test
    void stiggAnswerLostAfterApplyingIsNotAppliedTwice() {
        String customerId = unique();
        awaitStatus(post("/v1/customers", ProvisioningPipelineIT.customer(customerId, "Acme")).body()
                .path("requestId").asText(), "SUCCEEDED");

        TestSystem.emulator().failNext("provisionSubscriptionV2", 1, Fault.APPLY_THEN_DROP);
        String subscription = post("/v1/subscriptions", ProvisioningPipelineIT.subscription(customerId)).body()
                .path("requestId").asText();
        JsonNode subscribed = awaitStatus(subscription, "SUCCEEDED");
        assertTrue(subscribed.path("attempts").asInt() >= 2, subscribed.toString());

        TestSystem.emulator().failNext("createCreditGrant", 1, Fault.APPLY_THEN_DROP);
        String grant = post("/v1/credit-grants", """
                {"stiggCustomerId":"%s","grantType":"PROMOTIONAL","currencyId":"cred-type-test","displayName":"Bonus",
                 "amount":100}""".formatted(customerId)).body().path("requestId").asText();
        JsonNode granted = awaitStatus(grant, "SUCCEEDED");
        assertTrue(granted.path("attempts").asInt() >= 2, granted.toString());

        assertEquals(1, StiggCalls.subscriptions(customerId).size());
        assertEquals(1, StiggCalls.grants(customerId).size());
    }

    @Test
    void apiDyingBetweenLedgerAndQueueIsRecoveredByTheRetry() {
        String customerId = unique();
        String body = ProvisioningPipelineIT.customer(customerId, "Acme");
        CustomerRequest parsed = new RequestParser("USD", Clock.systemUTC()).customer(Json.read(body));
        Map<String, String> settings = get().settings();
        DynamoLedger ledger = new DynamoLedger(get().dynamo(), settings.get(Variable.REQUESTS_TABLE.name()));
        RequestQueue dying = new RequestQueue() {
            @Override
            public void send(ProvisioningMessage message) {
                throw new IllegalStateException("the function was stopped here");
            }

            @Override
            public void changeVisibility(String receiptHandle, Duration delay) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void requeue(ProvisioningMessage message, int copy, Duration delay) {
                throw new UnsupportedOperationException();
            }
        };
        Clock aMinuteAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1));
        assertThrows(IllegalStateException.class, () -> new RequestIntake(ledger, dying, aMinuteAgo).accept(
                LocalSystem.DEMO_ORG_ID, Operation.CREATE_CUSTOMER, customerId, parsed, customerId));
        String requestId = RequestIntake.requestId(LocalSystem.DEMO_ORG_ID, Operation.CREATE_CUSTOMER, customerId);
        assertEquals("QUEUED", TestSystem.get("/v1/requests/" + requestId).body().path("status").asText());
        assertEquals(0, StiggCalls.customers(customerId).size());

        TestSystem.Answer retried = post("/v1/customers", body, Map.of("Idempotency-Key", customerId));
        assertEquals(202, retried.status(), retried.raw().body());
        assertEquals(requestId, retried.body().path("requestId").asText());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        awaitStatus(requestId, "SUCCEEDED");
        TestSystem.Answer again = post("/v1/customers", body, Map.of("Idempotency-Key", customerId));
        assertEquals(requestId, again.body().path("requestId").asText());
        eventually("enqueued exactly once: no second provisionCustomer").during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5)).until(() -> StiggCalls.calls("provisionCustomer", customerId).size() == 1);
    }

    @Test
    void enqueueInProgressElsewhereAnswers409() {
        String customerId = unique();
        String body = ProvisioningPipelineIT.customer(customerId, "Acme");
        CustomerRequest parsed = new RequestParser("USD", Clock.systemUTC()).customer(Json.read(body));
        DynamoLedger ledger = new DynamoLedger(get().dynamo(), get().settings().get(Variable.REQUESTS_TABLE.name()));
        RequestQueue stuck = new RequestQueue() {
            @Override
            public void send(ProvisioningMessage message) {
                throw new IllegalStateException("still sending");
            }

            @Override
            public void changeVisibility(String receiptHandle, Duration delay) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void requeue(ProvisioningMessage message, int copy, Duration delay) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(IllegalStateException.class, () -> new RequestIntake(ledger, stuck, Clock.systemUTC()).accept(
                LocalSystem.DEMO_ORG_ID, Operation.CREATE_CUSTOMER, customerId, parsed, customerId));
        TestSystem.Answer concurrent = post("/v1/customers", body, Map.of("Idempotency-Key", customerId));
        assertEquals(409, concurrent.status(), concurrent.raw().body());
        assertEquals("1", concurrent.header("Retry-After"));
        assertNotNull(IdempotencyException.Reason.IN_FLIGHT);
    }

    @Test
    void permanentFailureIsDeadLetteredThenRedrivenTwiceAndProvisionedOnce() {
        String customerId = unique();
        String plan = "plan-redrive-" + customerId;
        TestSystem.emulator().env("local-sandbox").addPlan(plan, false);
        TestSystem.emulator().env("local-sandbox").unpublishPlan(plan);
        String requestId = post("/v1/subscriptions", ProvisioningPipelineIT.subscription(customerId)
                .replace("plan-basic", plan)).body().path("requestId").asText();

        JsonNode failed = awaitStatus(requestId, "FAILED");
        assertEquals("UnPublishedPackage", failed.path("lastError").path("code").asText());
        eventually("the message reached the DLQ").until(() -> queueDepth(get().deadLetterQueueUrl()) == 1);
        JsonNode deadLettered = TestSystem.awaitRequest(requestId, r -> r.has("deadLetteredAt"), Duration.ofSeconds(20));
        int stiggCallsWhileFailing = StiggCalls.calls("provisionSubscriptionV2", customerId).size();
        assertEquals(1, stiggCallsWhileFailing, "a permanent failure is not retried against Stigg");

        redrive();
        eventually("the redriven message was tried afresh")
                .until(() -> StiggCalls.calls("provisionSubscriptionV2", customerId).size() == 2);
        eventually("still broken: back in the DLQ")
                .until(() -> queueDepth(get().deadLetterQueueUrl()) == 1 && queueDepth(get().queueUrl()) == 0);

        TestSystem.emulator().env("local-sandbox").publishPlan(plan);
        redrive();
        JsonNode done = awaitStatus(requestId, "SUCCEEDED");
        eventually("all consumed").until(() -> queueDepth(get().deadLetterQueueUrl()) == 0 && queueDepth(get().queueUrl()) == 0);
        assertEquals(1, StiggCalls.subscriptions(customerId).size());
        assertEquals(plan, done.path("result").path("subscription").path("planId").asText());
        assertNotNull(deadLettered.path("lastError").path("message").asText(null));
    }

    private static void redrive() {
        String dlqArn = get().arn(get().deadLetterQueueUrl());
        String sourceArn = get().arn(get().queueUrl());
        eventually("no move task running").until(() -> get().sqs().listMessageMoveTasks(r -> r.sourceArn(dlqArn))
                .results().stream().noneMatch(t -> "RUNNING".equals(t.status())));
        get().sqs().startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(sourceArn));
    }

    private static Message receiveOne() {
        return eventually("a message in the queue").atMost(Duration.ofSeconds(10))
                .until(() -> get().sqs().receiveMessage(r -> r.queueUrl(get().queueUrl()).maxNumberOfMessages(1)
                        .waitTimeSeconds(1).visibilityTimeout(30)).messages(), messages -> !messages.isEmpty())
                .get(0);
    }
}
