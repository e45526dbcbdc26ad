package io.sfstigg.local.stigg;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stigg's limits, per environment: writes per entity (customer, subscription) and writes per
 * operation. Each key is counted in fixed windows: a window opens with the first write of its
 * key and lasts {@code window}; the next write after it opens a new one. A refused write
 * counts nowhere.
 */
final class RateLimiter {
    private static final int PURGE_ABOVE = 10_000;

    private record Window(long startNanos, int count) {}

    private final Map<String, Window> windows = new HashMap<>();
    private int perEntity = 30;
    private int perOperation = 250;
    private long windowNanos = Duration.ofMinutes(1).toNanos();

    synchronized void configure(int perEntity, int perOperation, Duration window) {
        if (perEntity < 1 || perOperation < 1 || window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.perEntity = perEntity;
        this.perOperation = perOperation;
        this.windowNanos = window.toNanos();
        windows.clear();
    }

    /** Counts a write of {@code operation} touching {@code entities}; false (nothing counted) when over a limit. */
    synchronized boolean tryAcquire(String environment, String operation, List<String> entities) {
        long now = System.nanoTime();
        String operationKey = environment + "|operation|" + operation;
        List<String> entityKeys = entities.stream().map(e -> environment + "|entity|" + e).toList();
        if (count(operationKey, now) >= perOperation || entityKeys.stream().anyMatch(k -> count(k, now) >= perEntity)) {
            return false;
        }
        increment(operationKey, now);
        entityKeys.forEach(k -> increment(k, now));
        if (windows.size() > PURGE_ABOVE) {
            windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
        }
        return true;
    }

    synchronized void clear() {
        windows.clear();
    }

    private int count(String key, long now) {
        Window w = windows.get(key);
        return w == null || now - w.startNanos() >= windowNanos ? 0 : w.count();
    }

    private void increment(String key, long now) {
        Window w = windows.get(key);
        boolean expired = w == null || now - w.startNanos() >= windowNanos;
        windows.put(key, expired ? new Window(now, 1) : new Window(w.startNanos(), w.count() + 1));
    }
}
