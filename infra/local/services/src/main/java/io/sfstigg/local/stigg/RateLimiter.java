package io.sfstigg.local.stigg;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stigg's limits, per environment: writes per entity (customer, subscription) and writes per
 * operation, each counted in a sliding window: a write is admitted when fewer than the limit of
 * its key's writes were admitted in the {@code window} before it. A refused write counts nowhere.
 */
final class RateLimiter {
    private static final int PURGE_ABOVE = 10_000;

    private final Map<String, Deque<Long>> admitted = new HashMap<>();
    private final Clock clock;
    private int perEntity = 30;
    private int perOperation = 250;
    private long windowMillis = Duration.ofMinutes(1).toMillis();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    synchronized void configure(int perEntity, int perOperation, Duration window) {
        if (perEntity < 1 || perOperation < 1 || window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.perEntity = perEntity;
        this.perOperation = perOperation;
        this.windowMillis = window.toMillis();
        admitted.clear();
    }

    /** Counts a write of {@code operation} touching {@code entities}; false (nothing counted) when over a limit. */
    synchronized boolean tryAcquire(String environment, String operation, List<String> entities) {
        long now = clock.millis();
        String operationKey = environment + "|operation|" + operation;
        List<String> entityKeys = entities.stream().map(e -> environment + "|entity|" + e).toList();
        if (count(operationKey, now) >= perOperation || entityKeys.stream().anyMatch(k -> count(k, now) >= perEntity)) {
            return false;
        }
        admitted.computeIfAbsent(operationKey, k -> new ArrayDeque<>()).addLast(now);
        entityKeys.forEach(k -> admitted.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(now));
        if (admitted.size() > PURGE_ABOVE) {
            admitted.entrySet().removeIf(e -> count(e.getKey(), now) == 0);
        }
        return true;
    }

    synchronized void clear() {
        admitted.clear();
    }

    /** The key's writes in the window that ends now, forgetting older ones. */
    private int count(String key, long now) {
        Deque<Long> times = admitted.get(key);
        if (times == null) {
            return 0;
        }
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
        return times.size();
    }
}
