package io.sfstigg.core.fairness;

/**
 * What one org may use of the API, so that no org starves the others: provisioning requests
 * accepted per second, and {@code Prefer: wait} requests held at once. Set per org by the admin
 * route; an org without its own takes the stack's defaults ({@code ORG_REQUESTS_PER_SECOND} and
 * {@code ORG_MAX_CONCURRENT_WAITS}, read by {@link io.sfstigg.core.config.Config}).
 */
public record OrgLimits(Integer requestsPerSecond, Integer maxConcurrentWaits) {
    /** Highest values the admin route takes (wait slots are read in one BatchGetItem: at most 100 keys). */
    public static final int MAX_REQUESTS_PER_SECOND = 10_000;
    public static final int MAX_WAITS = 100;

    /** This org's limits, each taken from {@code defaults} where the org has none of its own. */
    public OrgLimits orDefaults(OrgLimits defaults) {
        return new OrgLimits(requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
                maxConcurrentWaits != null ? maxConcurrentWaits : defaults.maxConcurrentWaits());
    }
}
