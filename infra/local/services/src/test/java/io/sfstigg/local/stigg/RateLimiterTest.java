package io.sfstigg.local.stigg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator's limits as a sliding window, on a clock moved by hand. */
class RateLimiterTest {
    private final MovableClock clock = new MovableClock();
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void perOperationLimitIsASlidingWindowNotAFixedOne() {
        limiter.configure(30, 3, Duration.ofSeconds(60));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of()));
        clock.advance(Duration.ofSeconds(50));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of()));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of()));
        assertFalse(limiter.tryAcquire("env", "provisionCustomer", List.of()), "three in the last minute");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of()), "the first write left the window");
        assertFalse(limiter.tryAcquire("env", "provisionCustomer", List.of()),
                "a fixed window opened by the first write would admit more here");
        clock.advance(Duration.ofSeconds(49));
        assertFalse(limiter.tryAcquire("env", "provisionCustomer", List.of()));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of()));
    }

    @Test
    void perCustomerLimitSpansOperationsAndRefusalsCountNowhere() {
        limiter.configure(2, 250, Duration.ofSeconds(60));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of("customer:acme")));
        assertTrue(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:acme")));
        for (int i = 0; i < 5; i++) {
            assertFalse(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:acme")));
        }
        assertTrue(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:other")));
        assertTrue(limiter.tryAcquire("other-env", "createCreditGrant", List.of("customer:acme")));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:acme")),
                "refused writes did not extend the window");
        assertTrue(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:acme")));
        assertFalse(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:acme")));
    }

    @Test
    void aWriteOverTheOperationLimitIsNotCountedForItsCustomer() {
        limiter.configure(2, 1, Duration.ofSeconds(60));
        assertTrue(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:a")));
        assertFalse(limiter.tryAcquire("env", "createCreditGrant", List.of("customer:b")));
        assertTrue(limiter.tryAcquire("env", "provisionCustomer", List.of("customer:b")));
        assertTrue(limiter.tryAcquire("env", "provisionSubscriptionV2", List.of("customer:b")));
        assertFalse(limiter.tryAcquire("env", "updateOneCustomer", List.of("customer:b")));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-31T23:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
