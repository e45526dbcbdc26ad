package io.sfstigg.core.ratelimit;

import io.sfstigg.local.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.ratelimit.CallLimiter.Admission;
import io.sfstigg.core.ratelimit.CallLimiter.Demand;
import io.sfstigg.core.testing.LocalDynamoTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared limiter's conditional writes against DynamoDB Local: several environments, one limit. */
class DynamoCallLimiterIT {
    private static final String TABLE = "rate-limits";
    @RegisterExtension
    static final LocalDynamoTables DYNAMO = new LocalDynamoTables(TABLE);

    @Test
    void twoEnvironmentsTogetherNeverExceedTheLimitInAnyWindow() throws Exception {
        int limit = 20;
        Duration window = Duration.ofMillis(800);
        String key = "org#op#provisionCustomer#" + UUID.randomUUID();
        RecordingClock clock = new RecordingClock();
        List<CallLimiter> environments = List.of(
                new DynamoCallLimiter(DYNAMO.client(), TABLE, window, Duration.ZERO, clock),
                new DynamoCallLimiter(DYNAMO.client(), TABLE, window, Duration.ZERO, clock));
        List<Long> granted = Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + 2_500;
        ExecutorService threads = Executors.newFixedThreadPool(12);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            CallLimiter limiter = environments.get(t % 2);
            running.add(threads.submit(() -> {
                while (System.currentTimeMillis() < end) {
                    Admission admission = limiter.acquire(List.of(new Demand(key, 1, limit)));
                    if (admission.granted()) {
                        granted.add(clock.lastReadByThisThread());
                    } else {
                        sleep(Math.min(50, admission.retryAfter().toMillis()));
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        List<Long> times = new ArrayList<>(granted);
        Collections.sort(times);
        assertTrue(times.size() >= 2 * limit, "permits were granted in more than one window: " + times.size());
        for (int i = limit; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - limit) >= window.toMillis(),
                    "permit " + i + " came " + (times.get(i) - times.get(i - limit)) + " ms after permit " + (i - limit));
        }
    }

    @Test
    void permitsOfSeveralKeysAreTakenAllOrNone() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-31T23:00:00Z"));
        CallLimiter first = new DynamoCallLimiter(DYNAMO.client(), TABLE, Duration.ofSeconds(60), Duration.ofSeconds(1), clock);
        CallLimiter second = new DynamoCallLimiter(DYNAMO.client(), TABLE, Duration.ofSeconds(60), Duration.ofSeconds(1), clock);
        String operation = "org#op#createCreditGrant#" + UUID.randomUUID();
        String customer = "org#customer#" + UUID.randomUUID();
        assertTrue(first.acquire(List.of(new Demand(customer, 1, 1))).granted());

        Admission refused = second.acquire(List.of(new Demand(operation, 1, 5), new Demand(customer, 1, 1)));
        assertFalse(refused.granted());
        assertEquals(Duration.ofSeconds(61), refused.retryAfter(), "until the customer's slot frees up");
        for (int i = 0; i < 5; i++) {
            assertTrue(second.acquire(List.of(new Demand(operation, 1, 5))).granted(), "the refused write took nothing");
        }
        assertFalse(first.acquire(List.of(new Demand(operation, 1, 5))).granted());

        clock.advance(Duration.ofSeconds(61));
        assertTrue(second.acquire(List.of(new Demand(operation, 1, 5), new Demand(customer, 1, 1))).granted());
    }

    @Test
    void aWaitKnownFromEarlierRefusalsCostsNoWriteAndHoldBackDelaysAKey() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-31T23:00:00Z"));
        CallLimiter limiter = new DynamoCallLimiter(DYNAMO.client(), TABLE, Duration.ofSeconds(60), Duration.ZERO, clock);
        String key = "org#op#provisionSubscriptionV2#" + UUID.randomUUID();
        assertTrue(limiter.acquire(List.of(new Demand(key, 2, 2))).granted());
        clock.advance(Duration.ofSeconds(15));
        assertEquals(Duration.ofSeconds(45), limiter.acquire(List.of(new Demand(key, 1, 2))).retryAfter());
        DYNAMO.client().deleteItem(r -> r.tableName(TABLE).key(java.util.Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(key))));
        assertFalse(limiter.acquire(List.of(new Demand(key, 1, 2))).granted(),
                "answered from what this environment knows, without asking the table");
        clock.advance(Duration.ofSeconds(45));
        limiter.holdBack(List.of(new Demand(key, 1, 2)), Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(10), limiter.acquire(List.of(new Demand(key, 1, 2))).retryAfter());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(limiter.acquire(List.of(new Demand(key, 1, 2))).granted());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The system clock, remembering what each thread read last: the time a permit was taken at. */
    private static final class RecordingClock extends Clock {
        private final ThreadLocal<Long> last = new ThreadLocal<>();

        long lastReadByThisThread() {
            return last.get();
        }

        @Override
        public long millis() {
            long now = System.currentTimeMillis();
            last.set(now);
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
