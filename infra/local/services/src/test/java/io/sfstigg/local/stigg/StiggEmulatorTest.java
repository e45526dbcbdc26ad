package io.sfstigg.local.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StiggEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "server-emulator-test-key";
    private static final String CUSTOMER = "mutation C($input: ProvisionCustomerInput!) {"
            + " provisionCustomer(input: $input) { customer { customerId name } } }";
    private static final String SUBSCRIBE = "mutation S($input: ProvisionSubscriptionInput!) {"
            + " provisionSubscriptionV2(input: $input) { status subscription { subscriptionId status plan { refId } } } }";
    private static final String GRANT = "mutation G($input: CreditGrantInput!) { createCreditGrant(input: $input) { grantId } }";
    private static final String GRANTS = "query Q($input: GetCreditGrantsInput!) { creditGrants(input: $input) {"
            + " edges { node { grantId additionalMetaData } } pageInfo { hasNextPage endCursor } } }";
    private static StiggEmulator stigg;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        stigg = StiggEmulator.start(0);
        stigg.addApiKey(KEY, "test-env");
        stigg.seedDemoCatalog("test-env");
    }

    @AfterAll
    static void stop() {
        stigg.close();
    }

    @BeforeEach
    void reset() {
        stigg.reset();
        stigg.setRateLimits(30, 250, Duration.ofMinutes(1));
    }

    private HttpResponse<String> call(String key, String query, String input) throws Exception {
        String body = "{\"query\":" + JSON.writeValueAsString(query) + ",\"variables\":{\"input\":" + input + "}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stigg.graphqlUrl()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-KEY", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("errors").path(0).path("extensions").path("code").asText(null);
    }

    @Test
    void refusesUnknownKeysWithoutEchoingThem() throws Exception {
        HttpResponse<String> response = call("server-wrong", CUSTOMER, "{\"customerId\":\"a\"}");
        assertEquals(401, response.statusCode());
        assertEquals("Unauthenticated", code(response));
        assertFalse(response.body().contains("server-wrong"));
        assertEquals(null, stigg.calls().get(0).environment());
    }

    @Test
    void provisionsCustomersOnceAndSubscribesThemWithStiggsErrors() throws Exception {
        assertEquals(200, call(KEY, CUSTOMER, "{\"customerId\":\"acme\",\"name\":\"Acme\"}").statusCode());
        assertEquals("DuplicatedEntityNotAllowed", code(call(KEY, CUSTOMER, "{\"customerId\":\"acme\"}")));
        assertEquals("CustomerNotFound", code(call(KEY, SUBSCRIBE, "{\"customerId\":\"nobody\",\"planId\":\"plan-pro\"}")));
        assertEquals("PlanNotFound", code(call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-x\"}")));
        assertEquals("AddonNotFound", code(call(KEY, SUBSCRIBE,
                "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"addons\":[{\"addonId\":\"addon-x\",\"quantity\":1}]}")));
        stigg.env("test-env").unpublishPlan("plan-pro");
        assertEquals("UnPublishedPackage", code(call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\"}")));
        stigg.env("test-env").publishPlan("plan-pro");
        HttpResponse<String> ok = call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"s1\"}");
        JsonNode result = JSON.readTree(ok.body()).path("data").path("provisionSubscriptionV2");
        assertEquals("SUCCESS", result.path("status").asText());
        assertEquals("plan-pro", result.path("subscription").path("plan").path("refId").asText());
        assertEquals("DuplicatedEntityNotAllowed", code(call(KEY, SUBSCRIBE,
                "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"s1\"}")));
        assertEquals(1, stigg.env("test-env").subscriptions().size());
    }

    @Test
    void grantsCreditsAndFindsThemByMetadata() throws Exception {
        call(KEY, CUSTOMER, "{\"customerId\":\"acme\"}");
        assertEquals("CustomCurrencyNotFound", code(call(KEY, GRANT,
                "{\"customerId\":\"acme\",\"currencyId\":\"x\",\"amount\":1,\"displayName\":\"d\",\"grantType\":\"PAID\"}")));
        assertEquals("ExpireAtMustBeLaterThanEffectiveAtError", code(call(KEY, GRANT,
                "{\"customerId\":\"acme\",\"currencyId\":\"cred-type-test\",\"amount\":1,\"displayName\":\"d\",\"grantType\":\"PAID\","
                        + "\"effectiveAt\":\"2027-01-01T00:00:00Z\",\"expireAt\":\"2026-01-01T00:00:00Z\"}")));
        call(KEY, GRANT, "{\"customerId\":\"acme\",\"currencyId\":\"cred-type-test\",\"amount\":5,\"displayName\":\"d\","
                + "\"grantType\":\"PROMOTIONAL\",\"additionalMetaData\":{\"provisionerRequestId\":\"r1\"}}");
        JsonNode page = JSON.readTree(call(KEY, GRANTS, "{\"customerId\":\"acme\",\"currencyId\":\"cred-type-test\"}").body());
        assertEquals("r1", page.at("/data/creditGrants/edges/0/node/additionalMetaData/provisionerRequestId").asText());
    }

    @Test
    void invalidDocumentsAreRefusedAndRecorded() throws Exception {
        HttpResponse<String> response = call(KEY, "mutation { provisionCustomer(input: {customerId: \"a\"}) { nope } }", "{}");
        assertEquals(400, response.statusCode());
        assertEquals(1, stigg.validationFailures().size());
        HttpResponse<String> badVariable = call(KEY, SUBSCRIBE, "{\"customerId\":\"a\",\"planId\":\"p\",\"billingPeriod\":\"WEEKLY\"}");
        assertEquals(400, badVariable.statusCode());
    }

    @Test
    void injectsFaults() throws Exception {
        stigg.failNext(1, Fault.HTTP_503);
        assertEquals(503, call(KEY, CUSTOMER, "{\"customerId\":\"f1\"}").statusCode());
        stigg.failNext("provisionCustomer", 1, Fault.DROP_CONNECTION);
        assertThrows(IOException.class, () -> call(KEY, CUSTOMER, "{\"customerId\":\"f2\"}"));
        assertTrue(stigg.env("test-env").customers().isEmpty());
        stigg.failNext(1, Fault.APPLY_THEN_DROP);
        assertThrows(IOException.class, () -> call(KEY, CUSTOMER, "{\"customerId\":\"f3\"}"));
        assertEquals("f3", stigg.env("test-env").customers().get(0).path("customerId").asText());
        stigg.failNext(1, Fault.graphQlError("OperationTimeout", "slow down"));
        assertEquals("OperationTimeout", code(call(KEY, CUSTOMER, "{\"customerId\":\"f4\"}")));
        stigg.failNext(1, Fault.slow(Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertEquals(200, call(KEY, CUSTOMER, "{\"customerId\":\"f5\"}").statusCode());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    void enforcesPerEntityRateLimits() throws Exception {
        stigg.setRateLimits(3, 100, Duration.ofMinutes(1));
        call(KEY, CUSTOMER, "{\"customerId\":\"busy\"}");
        for (int i = 0; i < 2; i++) {
            call(KEY, SUBSCRIBE, "{\"customerId\":\"busy\",\"planId\":\"plan-basic\"}");
        }
        HttpResponse<String> limited = call(KEY, SUBSCRIBE, "{\"customerId\":\"busy\",\"planId\":\"plan-basic\"}");
        assertEquals(429, limited.statusCode());
        assertEquals("RateLimitExceeded", code(limited));
        assertEquals(2, stigg.env("test-env").subscriptions().size());
    }

    @Test
    void concurrentDuplicatesHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> call(KEY, CUSTOMER, "{\"customerId\":\"race\"}")));
        }
        int winners = 0;
        for (Future<HttpResponse<String>> result : results) {
            winners += code(result.get()) == null ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
    }

    @Test
    void sandboxPageEscapesWhatItShows() throws Exception {
        call(KEY, CUSTOMER, "{\"customerId\":\"x\",\"name\":\"<script>alert(1)</script>\"}");
        String page = http.send(HttpRequest.newBuilder(URI.create(stigg.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(page.contains("<script>alert"));
    }
}
