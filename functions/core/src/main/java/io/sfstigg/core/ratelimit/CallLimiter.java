package io.sfstigg.core.ratelimit;

import java.time.Duration;
import java.util.List;

/**
 * Permits to call Stigg, shared by every execution environment of the worker: a call is made only
 * with a permit of each key it counts against (its org's operation, its customer), so the calls
 * of all environments together stay within Stigg's limits instead of being refused above them.
 */
public interface CallLimiter {
    /** Takes every demanded permit, all or none; when not all are free now, says how long until they may be. */
    Admission acquire(List<Demand> demands);

    /**
     * How long until the permits may be free, from what this environment knows without asking the
     * store: zero when they may be free now (only {@link #acquire} can tell for sure).
     */
    Duration knownWait(List<Demand> demands);

    /** Stigg refused a call although it had permits (someone else uses the same limits): holds these keys back. */
    void holdBack(List<Demand> demands, Duration delay);

    /** The permits of one key: {@code permits} of its {@code limit} per window. */
    record Demand(String key, int permits, int limit) {
        public Demand {
            if (permits < 1 || limit < 1) {
                throw new IllegalArgumentException("permits and limit must be positive");
            }
            permits = Math.min(permits, limit);
        }
    }

    /** Granted, or the time until the demanded permits may be free. */
    record Admission(boolean granted, Duration retryAfter) {
        public static final Admission GRANTED = new Admission(true, Duration.ZERO);

        public static Admission waitFor(Duration retryAfter) {
            return new Admission(false, retryAfter);
        }
    }
}
