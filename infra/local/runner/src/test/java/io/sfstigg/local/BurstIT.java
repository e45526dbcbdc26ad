package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A burst over Stigg's limits, scaled down (20 calls per operation and 10 per customer in 2 s
 * windows, the org configured with the same): every request SUCCEEDED, nothing dead-lettered,
 * nothing provisioned twice, and the refusals few, because the worker paces instead of being refused.
 */
class BurstIT {
    private static final int PER_OPERATION = 20;
    private static final int PER_CUSTOMER = 10;
    private static final int OPPORTUNITIES = 60;
    private static final int GRANTS = 30;

    @Test
    void aBurstOverTheLimitsEndsAllSucceededWithoutDeadLettersOrDuplicates() throws Exception {
        StiggEmulator stigg = TestSystem.emulator();
        String slug = "burst-it";
        String key = "server-burst-it-key-0000000001";
        stigg.addApiKey(key, slug);
        stigg.seedDemoCatalog(slug);
        TestSystem.Answer registered = TestSystem.send("POST", "/v1/admin/tenants", Json.write(Map.of("orgId",
                "00D5e000BurstIT", "name", "Burst IT", "salesforceDomain", "burst-it.my.salesforce.com")),
                TestSystem.get().adminToken(), Map.of());
        assertEquals(201, registered.status(), registered.body().toString());
        String token = registered.body().path("token").asText();
        TestSystem.Answer configured = TestSystem.send("PUT", "/v1/config", Json.write(Map.of("stiggApiKey", key,
                "stiggEnvironmentSlug", slug, "stiggOperationLimitPerMinute", PER_OPERATION,
                "stiggCustomerLimitPerMinute", PER_CUSTOMER)), token, Map.of());
        assertEquals(200, configured.status(), configured.body().toString());
        assertEquals(PER_OPERATION, configured.body().path("stiggOperationLimitPerMinute").asInt());
        int deadLettersBefore = TestSystem.queueDepth(TestSystem.get().deadLetterQueueUrl());
        int callsBefore = stigg.calls().size();
        stigg.setRateLimits(PER_CUSTOMER, PER_OPERATION, TestSystem.STIGG_WINDOW);
        try {
            List<String> requests = postAll(token, OPPORTUNITIES, i -> new String[] {
                "/v1/opportunities/" + String.format("006Dn%010d", i) + "/provision",
                "{\"account\":{\"id\":\"" + String.format("001Dn%010d", i) + "\",\"name\":\"Burst " + i + "\"},"
                        + "\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":1},"
                        + "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\",\"quantity\":3}]}"});
            TestSystem.Answer customer = TestSystem.send("POST", "/v1/customers", ProvisioningPipelineIT.customer(
                    "burst-large", "Large"), token, Map.of());
            requests.add(customer.body().path("requestId").asText());
            requests.addAll(postAll(token, GRANTS, i -> new String[] {"/v1/credit-grants",
                "{\"stiggCustomerId\":\"burst-large\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":\"cred-type-test\","
                        + "\"displayName\":\"Grant " + i + "\",\"amount\":" + (i + 1) + "}"}));

            Instant deadline = Instant.now().plusSeconds(120);
            for (String requestId : requests) {
                Duration left = Duration.between(Instant.now(), deadline);
                JsonNode done = TestSystem.awaitRequest(token, requestId, TestSystem.FINAL,
                        left.isNegative() ? Duration.ofMillis(1) : left);
                assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
            }
            assertEquals(deadLettersBefore, TestSystem.queueDepth(TestSystem.get().deadLetterQueueUrl()));
            Map<String, Integer> subscriptionsPerOpportunity = new HashMap<>();
            stigg.env(slug).subscriptions().forEach(s -> subscriptionsPerOpportunity.merge(s.path("salesforceId").asText(),
                    1, Integer::sum));
            assertEquals(OPPORTUNITIES, subscriptionsPerOpportunity.size());
            assertTrue(subscriptionsPerOpportunity.values().stream().allMatch(n -> n == 1), "no subscription twice");
            assertEquals(GRANTS, stigg.env(slug).creditGrants().size(), "no grant twice");
            List<StiggEmulator.Call> calls = stigg.calls().subList(callsBefore, stigg.calls().size()).stream()
                    .filter(c -> slug.equals(c.environment())).toList();
            long refused = calls.stream().filter(c -> "RateLimitExceeded".equals(c.errorCode())).count();
            System.out.printf("burst: %d opportunities and %d grants for one customer, %d Stigg calls, %d refused%n",
                    OPPORTUNITIES, GRANTS, calls.size(), refused);
            assertTrue(refused <= calls.size() / 10, refused + " of " + calls.size() + " calls refused");
        } finally {
            stigg.setRateLimits(TestSystem.STIGG_PER_ENTITY, TestSystem.STIGG_PER_OPERATION, TestSystem.STIGG_WINDOW);
        }
    }

    private static List<String> postAll(String token, int count, java.util.function.IntFunction<String[]> request)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] pathAndBody = request.apply(i);
            accepted.add(clients.submit(() -> {
                TestSystem.Answer answer = TestSystem.send("POST", pathAndBody[0], pathAndBody[1], token, Map.of());
                assertEquals(202, answer.status(), answer.body().toString());
                return answer.body().path("requestId").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : accepted) {
            ids.add(f.get());
        }
        clients.shutdown();
        return ids;
    }
}
