package io.sfstigg.core.ratelimit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What is known of one key's permits: {@code limit} slots, each holding the time (epoch ms) its
 * last permit was taken, 0 for never. A slot is free again {@code span} (Stigg's window plus a
 * margin) after its permit: any interval shorter than the span holds at most one permit per slot,
 * so at most {@code limit} calls, which is what Stigg's sliding window asks. Times only grow, so a
 * stale view never shows a slot freer than it is.
 */
final class SlotView {
    private final long[] times;

    SlotView(int limit) {
        this.times = new long[limit];
    }

    int limit() {
        return times.length;
    }

    synchronized long time(int slot) {
        return times[slot];
    }

    /** Learns a slot's time (what the table holds, or a permit just taken); an older time changes nothing. */
    synchronized void learn(int slot, long time) {
        if (slot >= 0 && slot < times.length && time > times[slot]) {
            times[slot] = time;
        }
    }

    /** {@code count} distinct free slots, chosen at random (so that environments rarely pick the same), or empty. */
    synchronized List<Integer> pickFree(int count, long now, long span) {
        List<Integer> free = new ArrayList<>();
        for (int slot = 0; slot < times.length; slot++) {
            if (times[slot] == 0 || times[slot] <= now - span) {
                free.add(slot);
            }
        }
        if (free.size() < count) {
            return List.of();
        }
        Collections.shuffle(free, ThreadLocalRandom.current());
        return List.copyOf(free.subList(0, count));
    }

    /**
     * The earliest time at which {@code count} slots are free, now when they are. Beyond the limit,
     * a slot serves again one span after it freed up: the 2nd round of slots, and so on.
     */
    synchronized long freeAt(int count, long now, long span) {
        long[] freeFrom = new long[times.length];
        for (int slot = 0; slot < times.length; slot++) {
            freeFrom[slot] = times[slot] == 0 ? now : Math.max(now, times[slot] + span);
        }
        Arrays.sort(freeFrom);
        int rounds = (count - 1) / freeFrom.length;
        return freeFrom[(count - 1) % freeFrom.length] + span * rounds;
    }
}
