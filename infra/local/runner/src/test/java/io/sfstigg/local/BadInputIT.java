package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.queueDepth;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over HTTP, as Salesforce could send it: each gets its precise 4xx naming the bad
 * fields, as problem+json, and nothing reaches the queue (the event source is paused, so a
 * message would stay visible in the queue).
 */
class BadInputIT {
    private static final String ACCOUNT = "001Dn00000A1b2c";
    private static final String BIG = "x".repeat(300_000);

    @BeforeAll
    static void pauseWorker() {
        get().eventSource().pause();
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
    }

    @AfterAll
    static void resumeWorker() {
        get().eventSource().resume();
    }

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        // customers
        c(cases, "/v1/customers", "{}", 400, "salesforceAccountId");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"001Dn00000A1b2\"}", 400, "salesforceAccountId");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"001Dn00000A1b2cZZZ\"}", 400, "salesforceAccountId");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":true}", 400, "salesforceAccountId");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"email\":\"not-an-email\"}", 400, "email");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"name\":{\"first\":\"A\"}}", 400, "name");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"stiggCustomerId\":\"has space\"}", 400, "stiggCustomerId");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"metadata\":[1]}", 400, "metadata");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"emial\":\"a@b.co\"}", 400, "emial");
        c(cases, "/v1/customers", "[]", 400, "$");
        c(cases, "/v1/customers", "{\"salesforceAccountId\":", 400, "$");
        c(cases, "/v1/customers", "", 400, "$");
        // subscriptions
        String sub = "{\"salesforceAccountId\":\"" + ACCOUNT + "\",\"planId\":\"plan-pro\"";
        c(cases, "/v1/subscriptions", "{\"salesforceAccountId\":\"" + ACCOUNT + "\"}", 400, "planId");
        c(cases, "/v1/subscriptions", "{\"planId\":\"plan-pro\"}", 400, "stiggCustomerId");
        c(cases, "/v1/subscriptions", sub + ",\"billingPeriod\":\"WEEKLY\"}", 400, "billingPeriod");
        c(cases, "/v1/subscriptions", sub + ",\"paymentCollectionMethod\":\"CASH\"}", 400, "paymentCollectionMethod");
        c(cases, "/v1/subscriptions", sub + ",\"trial\":\"maybe\"}", 400, "trial");
        c(cases, "/v1/subscriptions", sub + ",\"trialEndDate\":\"2026-12-31\"}", 400, "trialEndDate");
        c(cases, "/v1/subscriptions", sub + ",\"trial\":true,\"trialEndDate\":\"31/12/2026\"}", 400, "trialEndDate");
        c(cases, "/v1/subscriptions", sub + ",\"startDate\":\"2026-02-30\"}", 400, "startDate");
        c(cases, "/v1/subscriptions", sub + ",\"trial\":true,\"startDate\":\"2027-01-10\",\"trialEndDate\":\"2027-01-01\"}", 400, "trialEndDate");
        c(cases, "/v1/subscriptions", sub + ",\"addons\":{\"addonId\":\"a\"}}", 400, "addons");
        c(cases, "/v1/subscriptions", sub + ",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":-2}]}", 400, "addons[0].quantity");
        c(cases, "/v1/subscriptions", sub + ",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":1.5}]}", 400, "addons[0].quantity");
        c(cases, "/v1/subscriptions", sub + ",\"addons\":[{\"quantity\":1}]}", 400, "addons[0].addonId");
        c(cases, "/v1/subscriptions", sub + ",\"entitlements\":[{\"featureId\":\"f\",\"usageLimit\":-1}]}", 400, "entitlements[0].usageLimit");
        c(cases, "/v1/subscriptions", sub + ",\"planBaseChargeOverride\":{\"amount\":-5,\"currencyCode\":\"USD\"}}", 400, "planBaseChargeOverride.amount");
        c(cases, "/v1/subscriptions", sub + ",\"planBaseChargeOverride\":{\"amount\":5,\"currencyCode\":\"DOLLARS\"}}", 400, "planBaseChargeOverride.currencyCode");
        c(cases, "/v1/subscriptions", sub + ",\"creditEntitlements\":[{\"customCurrencyId\":\"c\",\"amount\":0}]}", 400, "creditEntitlements[0].amount");
        c(cases, "/v1/subscriptions", sub + ",\"creditEntitlements\":[{\"customCurrencyId\":\"c\",\"amount\":5,\"cadence\":\"DAY\"}]}", 400, "creditEntitlements[0].cadence");
        c(cases, "/v1/subscriptions", sub + ",\"customerEmail\":\"@acme\"}", 400, "customerEmail");
        c(cases, "/v1/subscriptions", sub + ",\"salesforceOpportunityId\":\"opp-1\"}", 400, "salesforceOpportunityId");
        // credit grants
        String grant = "{\"stiggCustomerId\":\"acme\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":\"cred-type-test\","
                + "\"displayName\":\"Bonus\",\"amount\":10";
        c(cases, "/v1/credit-grants", "{}", 400, "stiggCustomerId", "grantType", "currencyId", "displayName", "amount");
        c(cases, "/v1/credit-grants", grant.replace("PROMOTIONAL", "FREE") + "}", 400, "grantType");
        c(cases, "/v1/credit-grants", grant.replace("\"amount\":10", "\"amount\":-10") + "}", 400, "amount");
        c(cases, "/v1/credit-grants", grant.replace("\"amount\":10", "\"amount\":0") + "}", 400, "amount");
        c(cases, "/v1/credit-grants", grant.replace("\"amount\":10", "\"amount\":\"ten\"") + "}", 400, "amount");
        c(cases, "/v1/credit-grants", grant + ",\"effectiveDate\":\"2027-01-01\",\"expirationDate\":\"2026-01-01\"}", 400, "expirationDate");
        c(cases, "/v1/credit-grants", grant + ",\"expirationDate\":\"yesterday\"}", 400, "expirationDate");
        c(cases, "/v1/credit-grants", grant + ",\"priority\":-1}", 400, "priority");
        c(cases, "/v1/credit-grants", grant + ",\"paymentCollectionMethod\":\"WIRE\"}", 400, "paymentCollectionMethod");
        c(cases, "/v1/credit-grants", grant + ",\"cost\":{\"amount\":5,\"currencyCode\":\"ZZZ\"}}", 400, "cost.currencyCode");
        c(cases, "/v1/credit-grants", grant + ",\"cost\":12}", 400, "cost");
        return cases.stream();
    }

    private static void c(List<Arguments> cases, String path, String body, int status, String... fields) {
        cases.add(Arguments.of(path, body, status, List.of(fields)));
    }

    @ParameterizedTest(name = "{index}: {0} {1}")
    @MethodSource("badRequests")
    void badBodyGetsItsFieldErrorsAndNothingIsQueued(String path, String body, int status, List<String> fields) {
        TestSystem.Answer answer = TestSystem.post(path, body);
        assertEquals(status, answer.status(), answer.raw().body());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        List<String> reported = new ArrayList<>();
        answer.body().path("errors").forEach(e -> reported.add(e.path("field").asText()));
        assertEquals(fields, reported, answer.raw().body());
        assertProblemShape(answer.body(), status);
        assertEquals(0, queueDepth(get().queueUrl()));
    }

    static Stream<Arguments> badEnvelopes() {
        String valid = "{\"salesforceAccountId\":\"" + ACCOUNT + "\"}";
        return Stream.of(
                Arguments.of("no token", valid, null, Map.of(), 401),
                Arguments.of("malformed token", valid, "not-a-token", Map.of(), 401),
                Arguments.of("unknown token", valid, "sfst_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Map.of(), 401),
                Arguments.of("admin token on a tenant route", valid, TestSystem.EVENTS_ADMIN_TOKEN, Map.of(), 401),
                Arguments.of("text/plain body", valid, "TENANT", Map.of("Content-Type", "text/plain"), 415),
                Arguments.of("form body", "a=b", "TENANT", Map.of("Content-Type", "application/x-www-form-urlencoded"), 415),
                Arguments.of("body over the limit", "{\"salesforceAccountId\":\"" + BIG + "\"}", "TENANT", Map.of(), 413),
                Arguments.of("another org's id", valid, "TENANT", Map.of("X-Salesforce-Org-Id", "00D5e000000Othr"), 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnvelopes")
    void badEnvelopeIsRefusedAndNothingIsQueued(String name, String body, String token, Map<String, String> headers,
            int status) {
        String bearer = "TENANT".equals(token) ? get().tenantToken() : token;
        TestSystem.Answer answer = send("POST", "/v1/customers", body, bearer, headers);
        assertEquals(status, answer.status(), answer.raw().body());
        assertProblemShape(answer.body(), status);
        assertEquals(0, queueDepth(get().queueUrl()));
    }

    @org.junit.jupiter.api.Test
    void callersThatAcceptOnlyJsonGetTheProblemAsJson() {
        TestSystem.Answer answer = send("POST", "/v1/customers", "{}", get().tenantToken(), Map.of("Accept", "application/json"));
        assertEquals(400, answer.status());
        assertEquals("application/json", answer.header("Content-Type"));
        assertProblemShape(answer.body(), 400);
        TestSystem.Answer problem = send("POST", "/v1/customers", "{}", get().tenantToken(),
                Map.of("Accept", "application/problem+json, application/json"));
        assertEquals("application/problem+json", problem.header("Content-Type"));
    }

    private static void assertProblemShape(JsonNode problem, int status) {
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("type").asText().startsWith("urn:sfstigg:problem:"), problem.toString());
        assertFalse(problem.path("title").asText().isBlank());
        assertFalse(problem.toString().contains("Exception"), problem.toString());
        assertFalse(problem.toString().contains("\tat "), problem.toString());
    }
}
