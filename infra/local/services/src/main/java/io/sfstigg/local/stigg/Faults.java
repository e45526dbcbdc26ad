package io.sfstigg.local.stigg;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults waiting for the next calls: queued for one root field, queued for any call, and
 * random ones for chaos runs, consulted in that order. Thread-safe.
 */
final class Faults {
    private final Deque<Fault> forAnyCall = new ArrayDeque<>();
    private final Map<String, Deque<Fault>> forField = new HashMap<>();
    private Random random = new Random(0);
    private double probability;
    private List<Fault> choices = List.of();

    /** Queues {@code fault} for the next {@code count} calls of {@code field}, or of any field when it is null. */
    synchronized void queue(String field, int count, Fault fault) {
        if (count < 0 || fault == null) {
            throw new IllegalArgumentException("count must be >= 0 and fault given");
        }
        Deque<Fault> queue = field == null ? forAnyCall : forField.computeIfAbsent(field, f -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    synchronized void random(double probability, long seed, Fault... choices) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1]");
        }
        this.random = new Random(seed);
        this.probability = probability;
        this.choices = List.of(choices);
    }

    /** The fault for a call of {@code field}, consumed; null for none. */
    synchronized Fault next(String field) {
        Deque<Fault> own = field == null ? null : forField.get(field);
        if (own != null && !own.isEmpty()) {
            return own.poll();
        }
        if (!forAnyCall.isEmpty()) {
            return forAnyCall.poll();
        }
        if (probability > 0 && !choices.isEmpty() && random.nextDouble() < probability) {
            return choices.get(random.nextInt(choices.size()));
        }
        return null;
    }

    /** How many queued faults no call has taken yet. */
    synchronized int queued() {
        return forAnyCall.size() + forField.values().stream().mapToInt(Deque::size).sum();
    }

    synchronized void clear() {
        forAnyCall.clear();
        forField.clear();
        probability = 0;
        choices = List.of();
    }
}
