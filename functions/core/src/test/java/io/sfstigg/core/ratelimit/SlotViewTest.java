package io.sfstigg.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which slots are free and when the next ones free up, from known permit times. */
class SlotViewTest {
    private static final long SPAN = 61_000;

    @Test
    void picksDistinctFreeSlotsOrNone() {
        SlotView view = view(0, 100_000, 0);
        List<Integer> picked = view.pickFree(2, 120_000, SPAN);
        assertEquals(new HashSet<>(List.of(0, 2)), new HashSet<>(picked));
        assertEquals(List.of(), view.pickFree(3, 120_000, SPAN));
        assertEquals(3, view.pickFree(3, 100_000 + SPAN, SPAN).size(), "a slot is free again one span after its permit");
    }

    @Test
    void theWaitIsUntilEnoughSlotsFreeUp() {
        SlotView view = view(10_000, 20_000, 30_000);
        assertEquals(10_000 + SPAN, view.freeAt(1, 40_000, SPAN));
        assertEquals(20_000 + SPAN, view.freeAt(2, 40_000, SPAN));
        assertEquals(95_000, view.freeAt(1, 95_000, SPAN), "free now");
    }

    @Test
    void learningNeverMovesASlotBackAndIgnoresSlotsAboveTheLimit() {
        SlotView view = view(50_000, 0);
        view.learn(0, 40_000);
        view.learn(5, 90_000);
        assertEquals(50_000, view.time(0));
        assertTrue(view.pickFree(1, 60_000, SPAN).contains(1));
    }

    /** A view of as many slots as times given, each slot's permit taken at its time (0: never). */
    private static SlotView view(long... slotTimes) {
        SlotView view = new SlotView(slotTimes.length);
        for (int slot = 0; slot < slotTimes.length; slot++) {
            view.learn(slot, slotTimes[slot]);
        }
        return view;
    }
}
