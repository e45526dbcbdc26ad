package io.sfstigg.local.stigg;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Stigg's limits: writes per entity (customer, subscription) and calls per operation, each
 * counted in fixed windows that start with the first call of the key.
 */
final class RateLimiter {
    private record Window(long startNanos, int count) {}

    private final Map<String, Window> windows = new HashMap<>();
    private int perEntity = 30;
    private int perOperation = 250;
    private Duration window = Duration.ofMinutes(1);

    synchronized void configure(int perEntity, int perOperation, Duration window) {
        this.perEntity = perEntity;
        this.perOperation = perOperation;
        this.window = window;
        windows.clear();
    }

    /** Counts a write; false when it is over either limit (then nothing is counted). */
    synchronized boolean tryAcquire(String operation, String entity) {
        long now = System.nanoTime();
        String operationKey = "op:" + operation;
        String entityKey = entity == null ? null : "entity:" + entity;
        if (current(operationKey, now) >= perOperation || (entityKey != null && current(entityKey, now) >= perEntity)) {
            return false;
        }
        increment(operationKey, now);
        if (entityKey != null) {
            increment(entityKey, now);
        }
        return true;
    }

    synchronized void clear() {
        windows.clear();
    }

    private int current(String key, long now) {
        Window w = windows.get(key);
        return w == null || now - w.startNanos() >= window.toNanos() ? 0 : w.count();
    }

    private void increment(String key, long now) {
        Window w = windows.get(key);
        if (w == null || now - w.startNanos() >= window.toNanos()) {
            windows.put(key, new Window(now, 1));
        } else {
            windows.put(key, new Window(w.startNanos(), w.count() + 1));
        }
    }
}
