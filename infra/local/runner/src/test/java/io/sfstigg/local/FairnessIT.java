package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.queueDepth;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, row 4: one org cannot starve the others. Its {@code Prefer: wait} requests beyond
 * its limit are answered at once, and its requests beyond its rate are 429; meanwhile another
 * org's request and the health route answer within {@link #OTHERS_BOUND}, half the time a held
 * wait takes: a warm accept takes 20-30 ms here and 720 ms at p99 with 50 clients saturating both
 * cores (BENCHMARKS.md), 2 s and more on a machine shared with other builds, while the unlimited
 * system took 22 s.
 */
class FairnessIT {
    private static final int WAIT_SECONDS = 8;
    static final Duration OTHERS_BOUND = Duration.ofSeconds(WAIT_SECONDS / 2);
    private static final int WAIT_LIMIT = 2;
    private static final int WAITERS = 6;
    private static String busyOrg;
    private static String busy;
    private static String quiet;

    @BeforeAll
    static void twoOrgs() {
        get().eventSource().pause();
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
        busyOrg = "00D5e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        busy = TenantSecurityIT.registerOrg(busyOrg);
        TenantSecurityIT.configure(busy, get().stiggKey());
        quiet = TenantSecurityIT.registerOrg("00D5e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        TenantSecurityIT.configure(quiet, get().stiggKey());
        TestSystem.Answer limited = send("PATCH", "/v1/admin/tenants/" + busyOrg, "{\"maxConcurrentWaits\":" + WAIT_LIMIT + "}",
                get().adminToken(), Map.of());
        assertEquals(200, limited.status(), limited.raw().body());
        assertEquals(WAIT_LIMIT, limited.body().path("maxConcurrentWaits").asInt());
        // Lambda scales each function per request; locally a function runs 3 environments at most,
        // so it gets a warm environment for each concurrent request here (the waiters and the other org's two).
        try {
            get().function("CreateCreditGrantFunction").provision(WAITERS + 2);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(200, send("GET", "/v1/health", null, null, Map.of()).status());
        assertEquals(202, send("POST", "/v1/credit-grants", grant(-1), quiet, Map.of()).status());
    }

    @AfterAll
    static void resume() {
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
        get().eventSource().resume();
    }

    private record Timed(TestSystem.Answer answer, Duration took) {}

    private static Timed timed(String method, String path, String body, String token, Map<String, String> headers) {
        long started = System.nanoTime();
        TestSystem.Answer answer = send(method, path, body, token, headers);
        return new Timed(answer, Duration.ofNanos(System.nanoTime() - started));
    }

    private static String grant(int i) {
        return "{\"stiggCustomerId\":\"fair-" + i + "\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":\"cred-type-test\","
                + "\"displayName\":\"Fair " + UUID.randomUUID() + "\",\"amount\":1}";
    }

    @Test
    void anOrgHoldingManyWaitsDelaysNeitherAnotherOrgNorHealth() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WAITERS);
        try {
            List<Future<Timed>> waits = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                int index = i;
                waits.add(pool.submit(() -> timed("POST", "/v1/credit-grants", grant(index), busy,
                        Map.of("Prefer", "wait=" + WAIT_SECONDS))));
            }
            TestSystem.sleep(1500);
            Timed other = timed("POST", "/v1/credit-grants", grant(99), quiet, Map.of());
            Timed health = timed("GET", "/v1/health", null, null, Map.of());
            Timed otherWait = timed("POST", "/v1/credit-grants", grant(98), quiet, Map.of("Prefer", "wait=1"));
            int held = 0;
            for (Future<Timed> future : waits) {
                Timed wait = future.get();
                assertEquals(202, wait.answer().status(), wait.answer().raw().body());
                if (wait.answer().header("Preference-Applied") != null) {
                    held++;
                    assertTrue(wait.took().compareTo(Duration.ofSeconds(WAIT_SECONDS - 1)) > 0, "held " + wait.took());
                } else {
                    assertTrue(wait.took().compareTo(OTHERS_BOUND) < 0, "a wait over the limit took " + wait.took());
                }
            }
            System.out.printf("fairness: %d of %d waits held by the busy org (limit %d); other org %d ms, its wait %d ms,"
                    + " health %d ms (bound %d ms)%n", held, WAITERS, WAIT_LIMIT, other.took().toMillis(),
                    otherWait.took().toMillis(), health.took().toMillis(), OTHERS_BOUND.toMillis());
            assertEquals(WAIT_LIMIT, held);
            assertEquals(202, other.answer().status(), other.answer().raw().body());
            assertTrue(other.took().compareTo(OTHERS_BOUND) < 0, "the other org waited " + other.took());
            assertEquals(200, health.answer().status());
            assertTrue(health.took().compareTo(OTHERS_BOUND) < 0, "health took " + health.took());
            assertEquals("wait=1", otherWait.answer().header("Preference-Applied"), "the other org's own wait is granted");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOrgOverItsRateIsThrottledAndOthersAreNot() {
        TestSystem.Answer limited = send("PATCH", "/v1/admin/tenants/" + busyOrg, "{\"requestsPerSecond\":2}",
                get().adminToken(), Map.of());
        assertEquals(200, limited.status(), limited.raw().body());
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
        try {
            int accepted = 0;
            int throttled = 0;
            for (int i = 0; i < 8; i++) {
                TestSystem.Answer answer = send("POST", "/v1/credit-grants", grant(200 + i), busy, Map.of());
                if (answer.status() == 429) {
                    throttled++;
                    assertEquals("1", answer.header("Retry-After"));
                    assertTrue(answer.body().path("type").asText().endsWith("org-rate-limited"), answer.raw().body());
                } else {
                    assertEquals(202, answer.status(), answer.raw().body());
                    accepted++;
                }
            }
            Timed other = timed("POST", "/v1/credit-grants", grant(300), quiet, Map.of());
            assertEquals(202, other.answer().status(), other.answer().raw().body());
            assertTrue(throttled >= 1 && accepted <= 6, accepted + " accepted, " + throttled + " throttled");
            assertEquals(accepted + 1, queueDepth(get().queueUrl()), "nothing was enqueued for a throttled request");
            assertNull(other.answer().header("Retry-After"));
        } finally {
            send("PATCH", "/v1/admin/tenants/" + busyOrg, "{\"requestsPerSecond\":" + 1000 + "}", get().adminToken(), Map.of());
        }
    }
}
