package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.eventually;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.local.salesforce.SalesforceEmulator;
import io.sfstigg.local.stigg.EmulatedEnvironment;
import io.sfstigg.local.stigg.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stigg → Salesforce over HTTP: the Stigg emulator sends its webhooks to the gateway, the worker
 * applies them to the Salesforce emulator's Opportunity and Account.
 */
class StiggSyncIT {
    private static final String SLUG = "local-sandbox";
    private static final String STATUS = "Stigg_Subscription_Status__c";
    private static final String CANCELLATION = "Stigg_Cancellation_Date__c";

    private static SalesforceEmulator salesforce() {
        return get().salesforce().orElseThrow();
    }

    private static WebhookSender webhooks() {
        return TestSystem.emulator().webhooks();
    }

    private static EmulatedEnvironment stigg() {
        return TestSystem.emulator().env(SLUG);
    }

    @BeforeAll
    static void registerWebhook() {
        webhooks().register(SLUG, get().gatewayUrl() + "/v1/webhooks/stigg/" + LocalSystem.DEMO_ORG_ID, get().webhookSecret());
    }

    @AfterAll
    static void unregisterWebhookWhenEverythingIsApplied() {
        webhooks().unregister(SLUG);
        eventually("every event of this suite applied, nothing left for the next suite").until(() ->
                TestSystem.queueDepth(get().queueUrl()) == 0 && TestSystem.queueDepth(get().deadLetterQueueUrl()) == 0);
    }

    @AfterEach
    void restore() {
        webhooks().reset();
        salesforce().defineFields("Opportunity", CANCELLATION);
    }

    /** A provisioned subscription: its ids, the 18-character Opportunity and Account ids. */
    record Provisioned(String subscriptionId, String customerId, String opportunityId, String accountId, String requestId) {}

    static Provisioned provision(boolean trial) {
        String account = "001Dn0000" + digits(6);
        String opportunity = "006Dn0000" + digits(6);
        String customerId = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"salesforceAccountId\":\"" + account + "\",\"salesforceOpportunityId\":\"" + opportunity
                + "\",\"stiggCustomerId\":\"" + customerId + "\",\"customerName\":\"Sync Co\",\"planId\":\"plan-pro\","
                + "\"paymentCollectionMethod\":\"INVOICE\"" + (trial ? ",\"trial\":true,\"trialEndDate\":\""
                + LocalDate.now(ZoneOffset.UTC).plusDays(14) + "\"" : "") + "}";
        TestSystem.Answer accepted = post("/v1/subscriptions", body);
        assertEquals(202, accepted.status(), accepted.raw().body());
        JsonNode done = awaitStatus(accepted.body().path("requestId").asText(), "SUCCEEDED");
        return new Provisioned(done.path("result").path("subscription").path("subscriptionId").asText(), customerId,
                SalesforceId.to18(opportunity).orElseThrow(), SalesforceId.to18(account).orElseThrow(),
                accepted.body().path("requestId").asText());
    }

    private static Object field(String object, String id, String field) {
        Map<String, Object> record = salesforce().record(object, id);
        return record == null ? null : record.get(field);
    }

    private static void awaitField(String object, String id, String field, Object value) {
        eventually(object + " " + id + " " + field + " = " + value).until(() -> salesforce().record(object, id),
                record -> record != null && String.valueOf(value).equals(String.valueOf(record.get(field))));
    }

    @Test
    void cancellationInStiggShowsOnTheOpportunityWithinSeconds() {
        Provisioned p = provision(false);
        awaitField("Opportunity", p.opportunityId(), STATUS, "ACTIVE");
        assertEquals("Pro", field("Opportunity", p.opportunityId(), "Stigg_Plan__c"));
        assertTrue(String.valueOf(field("Opportunity", p.opportunityId(), "Stigg_Subscription_URL__c"))
                .endsWith("/" + SLUG + "/subscriptions/" + p.subscriptionId()));

        webhooks().delayEach(Duration.ofMillis(700));
        Instant cancelled = Instant.now();
        stigg().cancelInConsole(p.subscriptionId());
        awaitField("Opportunity", p.opportunityId(), STATUS, "CANCELED");
        Duration took = Duration.between(cancelled, Instant.now());
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), field("Opportunity", p.opportunityId(), CANCELLATION));
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "applied " + took + " after the cancellation");
    }

    @Test
    void expiredTrialAndLowCreditBalanceShowOnTheOpportunityAndTheAccount() {
        Provisioned p = provision(true);
        awaitField("Opportunity", p.opportunityId(), STATUS, "IN_TRIAL");
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(14).toString(), field("Opportunity", p.opportunityId(), "Stigg_Trial_End__c"));

        stigg().expireTrialInConsole(p.subscriptionId());
        awaitField("Opportunity", p.opportunityId(), STATUS, "EXPIRED");

        stigg().reportCreditBalance(p.customerId(), "cred-type-ai-tokens", 400, 5000);
        awaitField("Account", p.accountId(), "Stigg_Credit_Status__c", "LOW");
        assertEquals(400.0, ((Number) field("Account", p.accountId(), "Stigg_Credit_Balance__c")).doubleValue());
        stigg().reportCreditBalance(p.customerId(), "cred-type-ai-tokens", 0, 5000);
        awaitField("Account", p.accountId(), "Stigg_Credit_Status__c", "DEPLETED");
    }

    @Test
    void eventsTwiceAndOutOfOrderEndWithTheNewestStateWrittenOnce() {
        webhooks().hold();
        Provisioned p = provision(false);
        stigg().setStatusInConsole(p.subscriptionId(), "PAYMENT_PENDING");
        TestSystem.sleep(5);
        stigg().cancelInConsole(p.subscriptionId());
        webhooks().repeatEach(2);
        webhooks().releaseHeld(true, Duration.ofMillis(400));

        awaitField("Opportunity", p.opportunityId(), STATUS, "CANCELED");
        eventually("every held event delivered twice").until(() -> webhooks().deliveries(),
                deliveries -> deliveries.stream().filter(d -> d.status() / 100 == 2).count() >= 8);
        String created = webhooks().deliveries().stream().filter(d -> d.type().equals("subscription.created"))
                .findFirst().orElseThrow().messageId();
        JsonNode createdLast = awaitStatus(RequestIntake.requestId(LocalSystem.DEMO_ORG_ID, Operation.APPLY_STIGG_EVENT,
                "stigg:" + created), "SUCCEEDED");
        assertEquals("STALE", createdLast.path("result").path("sync").asText(), "the oldest event, delivered last: " + createdLast);
        assertEquals("CANCELED", field("Opportunity", p.opportunityId(), STATUS));
        List<String> written = salesforce().writesTo("Opportunity", p.opportunityId()).stream()
                .map(w -> String.valueOf(w.fields().get(STATUS))).toList();
        assertEquals("CANCELED", written.get(written.size() - 1), "nothing older after the newest: " + written);
        List<String> history = List.of("ACTIVE", "PAYMENT_PENDING", "CANCELED");
        for (int i = 1; i < written.size(); i++) {
            assertTrue(history.indexOf(written.get(i)) > history.indexOf(written.get(i - 1)),
                    "each record written once per newer state, never back: " + written);
        }
        assertEquals(1, salesforce().writesTo("Account", p.accountId()).size());
    }

    @Test
    void salesforceFaultsAreRetriedAndTheUpdateLandsOnce() {
        Provisioned p = provision(false);
        awaitField("Opportunity", p.opportunityId(), STATUS, "ACTIVE");
        eventually("the Account written").until(() -> salesforce().writesTo("Account", p.accountId()).size() == 1);
        int tokens = salesforce().tokensIssued();
        salesforce().failNext(1, SalesforceEmulator.Fault.UNABLE_TO_LOCK_ROW);
        salesforce().failNext(1, SalesforceEmulator.Fault.REQUEST_LIMIT_EXCEEDED);
        salesforce().failNext(1, SalesforceEmulator.Fault.EXPIRED_SESSION);
        salesforce().failNext(1, SalesforceEmulator.Fault.SERVER_ERROR);
        stigg().cancelInConsole(p.subscriptionId());
        awaitField("Opportunity", p.opportunityId(), STATUS, "CANCELED");
        assertEquals(2, salesforce().writesTo("Opportunity", p.opportunityId()).size(), "ACTIVE, then CANCELED once");
        assertTrue(salesforce().tokensIssued() > tokens, "a new token after the expired session");
    }

    @Test
    void deletedFieldFailsVisiblyThenAppliesOnceAfterTheRedrive() {
        Provisioned p = provision(false);
        awaitField("Opportunity", p.opportunityId(), STATUS, "ACTIVE");
        salesforce().deleteField("Opportunity", CANCELLATION);
        stigg().cancelInConsole(p.subscriptionId());
        eventually("the cancellation received").until(() -> webhooks().deliveries().stream()
                .anyMatch(d -> d.type().equals("subscription.canceled") && d.status() == 202));
        String messageId = webhooks().deliveries().stream().filter(d -> d.type().equals("subscription.canceled"))
                .reduce((a, b) -> b).orElseThrow().messageId();
        String requestId = RequestIntake.requestId(LocalSystem.DEMO_ORG_ID, Operation.APPLY_STIGG_EVENT, "stigg:" + messageId);
        JsonNode failed = awaitStatus(requestId, "FAILED");
        assertEquals("INVALID_FIELD", failed.path("lastError").path("code").asText());
        assertTrue(failed.path("lastError").path("message").asText().contains("No such column '" + CANCELLATION + "'"),
                failed.toString());
        TestSystem.awaitRequest(requestId, r -> r.has("deadLetteredAt"), Duration.ofSeconds(30));
        eventually("the event is in the DLQ").until(() -> TestSystem.queueDepth(get().deadLetterQueueUrl()) >= 1);

        salesforce().defineFields("Opportunity", CANCELLATION);
        String dlqArn = get().arn(get().deadLetterQueueUrl());
        get().sqs().startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(get().arn(get().queueUrl())));
        awaitStatus(requestId, "SUCCEEDED");
        assertEquals("CANCELED", field("Opportunity", p.opportunityId(), STATUS));
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), field("Opportunity", p.opportunityId(), CANCELLATION));
        assertEquals(2, salesforce().writesTo("Opportunity", p.opportunityId()).size(), "ACTIVE, then CANCELED once");
    }

    @Test
    void wrongOrMissingSecretIsRefusedAndRotationKeepsBothUntilTheOldIsRetired() {
        String org = "00D5e0000" + digits(6);
        String org18 = SalesforceId.to18(org).orElseThrow();
        String token = send("POST", "/v1/admin/tenants", "{\"orgId\":\"" + org + "\",\"name\":\"Webhook org\","
                + "\"salesforceDomain\":\"webhook.my.salesforce.com\"}", get().adminToken(), Map.of()).body().path("token").asText();
        String first = "whsec-first-" + digits(12);
        String second = "whsec-second-" + digits(12);
        assertEquals(200, send("PUT", "/v1/config/salesforce-sync", "{\"webhookSecret\":\"" + first + "\"}", token, Map.of()).status());
        assertEquals(200, send("PUT", "/v1/config", "{\"stiggApiKey\":\"" + get().stiggKey()
                + "\",\"stiggEnvironmentSlug\":\"" + SLUG + "\"}", token, Map.of()).status());

        String refused = event("subscription.updated");
        TestSystem.Answer missing = webhook(org18, refused, null);
        TestSystem.Answer wrong = webhook(org18, refused, first + "x");
        assertEquals(401, missing.status(), missing.raw().body());
        assertEquals(401, wrong.status(), wrong.raw().body());
        assertEquals("nosniff", wrong.header("X-Content-Type-Options"));
        String refusedId = RequestIntake.requestId(org18, Operation.APPLY_STIGG_EVENT,
                "stigg:" + Json.read(refused).path("messageId").asText());
        assertEquals(404, send("GET", "/v1/requests/" + refusedId, null, token, Map.of()).status(), "nothing recorded");

        assertEquals(202, webhook(org18, event("subscription.updated"), first).status());
        JsonNode rotated = send("PUT", "/v1/config/salesforce-sync", "{\"webhookSecret\":\"" + second + "\"}", token, Map.of()).body();
        assertEquals("****" + second.substring(second.length() - 4), rotated.path("webhookSecret").asText());
        assertEquals("****" + first.substring(first.length() - 4), rotated.path("previousWebhookSecret").asText());
        assertEquals(202, webhook(org18, event("subscription.updated"), first).status(), "the old secret during the rotation");
        assertEquals(202, webhook(org18, event("subscription.updated"), second).status(), "the new secret");
        send("PUT", "/v1/config/salesforce-sync", "{\"retirePreviousWebhookSecret\":true}", token, Map.of());
        assertEquals(401, webhook(org18, event("subscription.updated"), first).status(), "the old secret retired");
        assertEquals(202, webhook(org18, event("subscription.updated"), second).status());

        TestSystem.Answer redelivered;
        String once = event("subscription.updated");
        assertEquals(202, webhook(org18, once, second).status());
        redelivered = webhook(org18, once, second);
        assertEquals(202, redelivered.status());
        assertTrue(redelivered.body().path("replayed").asBoolean(), "a redelivery is a no-op: " + redelivered.body());
        TestSystem.Answer unknown = webhook(org18, event("plan.updated"), second);
        assertEquals(200, unknown.status());
        assertEquals("IGNORED", unknown.body().path("status").asText());
        TestSystem.Answer notAnEvent = webhook(org18, "{\"type\":\"subscription.updated\"}", second);
        assertEquals(400, notAnEvent.status());
        assertTrue(notAnEvent.raw().body().contains("messageId"), notAnEvent.raw().body());
    }

    @Test
    void noSalesforceTokenClientSecretOrWebhookSecretInLogsMessagesOrResponses() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("io.sfstigg");
        root.addHandler(capture);
        AutoCloseable functionLogs = get().functionLogs().subscribe(line -> {
            synchronized (lines) {
                lines.add(line.text());
            }
        });
        List<String> seen = new ArrayList<>();
        try {
            String clientSecret = "cs-" + digits(20) + digits(20);
            String clientId = "3MVG9leak" + digits(20);
            salesforce().addClient(clientId, clientSecret);
            seen.add(send("PUT", "/v1/config/salesforce-sync", "{\"salesforceClientId\":\"" + clientId
                    + "\",\"salesforceClientSecret\":\"" + clientSecret + "\"}", get().tenantToken(), Map.of()).raw().body());
            seen.add(send("GET", "/v1/config/salesforce-sync", null, get().tenantToken(), Map.of()).raw().body());
            Provisioned p = provision(false);
            awaitField("Opportunity", p.opportunityId(), STATUS, "ACTIVE");
            salesforce().failNext(1, SalesforceEmulator.Fault.EXPIRED_SESSION);
            salesforce().deleteField("Opportunity", CANCELLATION);
            stigg().cancelInConsole(p.subscriptionId());
            eventually("the cancellation received").until(() -> webhooks().deliveries().stream()
                    .anyMatch(d -> d.type().equals("subscription.canceled") && d.status() == 202));
            String messageId = webhooks().deliveries().stream().filter(d -> d.type().equals("subscription.canceled"))
                    .reduce((a, b) -> b).orElseThrow().messageId();
            String requestId = RequestIntake.requestId(LocalSystem.DEMO_ORG_ID, Operation.APPLY_STIGG_EVENT, "stigg:" + messageId);
            seen.add(TestSystem.awaitRequest(requestId, r -> r.has("deadLetteredAt"), Duration.ofSeconds(30)).toString());
            get().sqs().receiveMessage(r -> r.queueUrl(get().deadLetterQueueUrl()).maxNumberOfMessages(10).visibilityTimeout(0))
                    .messages().forEach(m -> seen.add(m.body()));
            get().sqs().purgeQueue(r -> r.queueUrl(get().deadLetterQueueUrl()));
            seen.add(webhook(LocalSystem.DEMO_ORG_ID, event("plan.updated"), get().webhookSecret() + "-wrong").raw().body());
            synchronized (lines) {
                seen.addAll(lines);
            }
            for (String expected : List.of("sync configuration saved", "Stigg event received",
                    "Salesforce session expired", "permanent failure", "Stigg webhook refused")) {
                assertTrue(seen.stream().anyMatch(l -> l.contains(expected)), "the log has '" + expected + "'");
            }
            for (String text : seen) {
                assertFalse(text.contains(clientSecret), "the client secret leaked: " + text);
                assertFalse(text.contains(get().webhookSecret()), "the webhook secret leaked: " + text);
                assertFalse(text.contains("00Dlocal!"), "a Salesforce access token leaked: " + text);
            }
        } finally {
            root.removeHandler(capture);
            functionLogs.close();
            salesforce().defineFields("Opportunity", CANCELLATION);
        }
    }

    private static TestSystem.Answer webhook(String org, String body, String secret) {
        return send("POST", "/v1/webhooks/stigg/" + org, body, null,
                secret == null ? Map.of() : Map.of("Stigg-Webhooks-Secret", secret));
    }

    private static String event(String type) {
        return "{\"type\":\"" + type + "\",\"messageId\":\"" + UUID.randomUUID() + "\",\"traceId\":\"" + UUID.randomUUID()
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"id\":\"sub-unlinked-" + digits(6) + "\",\"status\":\"ACTIVE\","
                + "\"customer\":{\"id\":\"customer-unlinked\"},\"plan\":{\"id\":\"plan-pro\",\"name\":\"Pro\"}}";
    }

    private static String digits(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(ThreadLocalRandom.current().nextInt(10));
        }
        return text.toString();
    }
}
