package io.sfstigg.core.fairness;

import io.sfstigg.core.config.Settings;

/**
 * What one org may use of the API, so that no org starves the others: provisioning requests
 * accepted per second, and {@code Prefer: wait} requests held at once. Set per org by the admin
 * route; an org without its own takes the stack's defaults ({@link #fromSettings}).
 */
public record OrgLimits(Integer requestsPerSecond, Integer maxConcurrentWaits) {
    /** Environment variables (template parameters) with the stack's defaults. */
    public static final String REQUESTS_PER_SECOND = "ORG_REQUESTS_PER_SECOND";
    public static final String MAX_CONCURRENT_WAITS = "ORG_MAX_CONCURRENT_WAITS";
    /** Half the stage's default rate (100/s), so one org cannot take all of it. */
    public static final int DEFAULT_REQUESTS_PER_SECOND = 50;
    /** Each wait holds a Lambda instance for up to 25 s; ten per org leaves the account's concurrency to the rest. */
    public static final int DEFAULT_MAX_CONCURRENT_WAITS = 10;
    /** Highest values the admin route takes (wait slots are read in one BatchGetItem: at most 100 keys). */
    public static final int MAX_REQUESTS_PER_SECOND = 10_000;
    public static final int MAX_WAITS = 100;

    public static OrgLimits fromSettings(Settings settings) {
        return new OrgLimits(settings.getInt(REQUESTS_PER_SECOND, DEFAULT_REQUESTS_PER_SECOND),
                Math.min(MAX_WAITS, settings.getInt(MAX_CONCURRENT_WAITS, DEFAULT_MAX_CONCURRENT_WAITS)));
    }

    /** This org's limits, each taken from {@code defaults} where the org has none of its own. */
    public OrgLimits orDefaults(OrgLimits defaults) {
        return new OrgLimits(requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
                maxConcurrentWaits != null ? maxConcurrentWaits : defaults.maxConcurrentWaits());
    }
}
