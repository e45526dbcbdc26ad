package io.sfstigg.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed message waits before its next try: doubling from {@code base} up to
 * {@code max}, with up to 20% jitter so a burst for one customer spreads out under Stigg's
 * 30-writes-a-minute limit. The queue's {@code maxReceiveCount} bounds the number of tries.
 */
record RetryPolicy(Duration base, Duration max, int maxReceiveCount) {

    Duration delayAfter(int receiveCount) {
        long baseMillis = Math.max(1, base.toMillis());
        int exponent = Math.min(Math.max(receiveCount - 1, 0), 20);
        long delay = Math.min(max.toMillis(), baseMillis << exponent);
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(max.toMillis(), delay + jitter));
    }

    boolean isLastReceive(int receiveCount) {
        return receiveCount >= maxReceiveCount;
    }
}
