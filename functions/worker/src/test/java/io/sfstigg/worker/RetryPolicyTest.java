package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(15), 12);

    @Test
    void delaysDoubleWithJitterUpToTheMaximum() {
        for (int receive = 1; receive <= 8; receive++) {
            long expected = 2_000L << (receive - 1);
            long delay = policy.delayAfter(receive).toMillis();
            assertTrue(delay >= expected && delay <= expected * 1.2, receive + ": " + delay);
        }
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(11));
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(40));
    }

    @Test
    void theLastReceiveIsTheQueuesMaxReceiveCount() {
        assertFalse(policy.isLastReceive(11));
        assertTrue(policy.isLastReceive(12));
    }
}
