package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.awaitRequest;
import static io.sfstigg.local.TestSystem.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stigg's per-entity limit, scaled down in time (5 writes a second for one customer instead of
 * 30 a minute): a burst of grants for one customer completes by backing off, without dead letters.
 */
class RateLimitIT {
    private static final int BURST = 30;

    @Test
    void aBurstForOneCustomerCompletesWithoutDeadLetters() {
        StiggEmulator stigg = TestSystem.emulator();
        String customer = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        ProvisioningPipelineIT.awaitDone(post("/v1/customers", ProvisioningPipelineIT.customer(customer, "Burst")));
        stigg.setRateLimits(5, 250, Duration.ofSeconds(1));
        List<String> requests = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                requests.add(post("/v1/credit-grants", "{\"stiggCustomerId\":\"" + customer + "\",\"grantType\":\"PROMOTIONAL\","
                        + "\"currencyId\":\"cred-type-test\",\"displayName\":\"Burst " + i + "\",\"amount\":1}")
                        .body().path("requestId").asText());
            }
            int maxAttempts = 0;
            for (String requestId : requests) {
                JsonNode done = awaitRequest(requestId, r -> r.path("status").asText().matches("SUCCEEDED|FAILED|DEAD_LETTERED"),
                        Duration.ofSeconds(60));
                assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
                maxAttempts = Math.max(maxAttempts, done.path("attempts").asInt());
            }
            long limited = stigg.calls().stream()
                    .filter(c -> "createCreditGrant".equals(c.field()) && "RateLimitExceeded".equals(c.errorCode()))
                    .filter(c -> customer.equals(c.variables().path("input").path("customerId").asText()))
                    .count();
            System.out.printf("rate limit: %d grants for one customer, %d answered 429, at most %d attempts each%n",
                    BURST, limited, maxAttempts);
            assertTrue(limited > 0, "Stigg's limit was hit");
            assertEquals(BURST, StiggCalls.grants(customer).size());
        } finally {
            stigg.setRateLimits(TestSystem.STIGG_PER_ENTITY, TestSystem.STIGG_PER_OPERATION, TestSystem.STIGG_WINDOW);
        }
    }
}
