package io.sfstigg.core.fairness;

import java.time.Instant;
import java.util.Optional;

/**
 * The {@code Prefer: wait} requests an org holds at once, shared by every execution environment.
 * A slot is held until released or until its lease ends, so a function that dies while waiting
 * does not keep it.
 */
public interface WaitSlots {
    record Slot(String tenantId, int index, String holder) {}

    /** One of the org's {@code limit} slots until {@code leaseUntil}, or empty when all are held. */
    Optional<Slot> acquire(String tenantId, int limit, Instant now, Instant leaseUntil);

    void release(Slot slot);
}
