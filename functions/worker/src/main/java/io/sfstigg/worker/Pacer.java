package io.sfstigg.worker;

import io.sfstigg.core.ratelimit.CallLimiter;
import io.sfstigg.core.ratelimit.CallLimiter.Admission;
import io.sfstigg.core.ratelimit.CallLimiter.Demand;
import io.sfstigg.core.tenant.StiggLimits;
import io.sfstigg.core.tenant.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Paces Stigg mutations to the org's limits: before a request's calls, one permit of the shared
 * {@link CallLimiter} per call from its operation's key and from its customer's. A wait up to
 * {@code inlineWait} is waited here; a longer one is a {@link RateLimitWait}, and the message goes
 * back to the queue for that long.
 */
final class Pacer {
    /** A Stigg mutation a request is about to make. */
    record StiggCall(String operation, String customerId) {}

    static final String PROVISION_CUSTOMER = "provisionCustomer";
    static final String UPDATE_CUSTOMER = "updateOneCustomer";
    static final String PROVISION_SUBSCRIPTION = "provisionSubscriptionV2";
    static final String CREATE_CREDIT_GRANT = "createCreditGrant";
    private static final int INLINE_WAITS = 3;

    private final CallLimiter limiter;
    private final Duration window;
    private final Duration inlineWait;

    Pacer(CallLimiter limiter, Duration window, Duration inlineWait) {
        this.limiter = limiter;
        this.window = window;
        this.inlineWait = inlineWait;
    }

    /** Returns once every call has its permits; throws {@link RateLimitWait} when they are further off than {@code inlineWait}. */
    void admit(Tenant tenant, List<StiggCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        List<Demand> demands = demands(tenant, calls);
        for (int wait = 0; ; wait++) {
            Admission admission = limiter.acquire(demands);
            if (admission.granted()) {
                return;
            }
            if (wait >= INLINE_WAITS || admission.retryAfter().compareTo(inlineWait) > 0) {
                throw new RateLimitWait(admission.retryAfter());
            }
            sleep(admission.retryAfter());
        }
    }

    /**
     * How long until the calls' permits may be free, from what this environment knows without a call
     * to the store; empty when that is not longer than a wait in place.
     */
    java.util.Optional<Duration> knownWait(Tenant tenant, List<StiggCall> calls) {
        if (calls.isEmpty()) {
            return java.util.Optional.empty();
        }
        Duration wait = limiter.knownWait(demands(tenant, calls));
        return wait.compareTo(inlineWait) > 0 ? java.util.Optional.of(wait) : java.util.Optional.empty();
    }

    /**
     * Stigg refused a call made with permits: its limits are tighter than the org's configured ones,
     * or someone else spends them. Holds the calls' keys back in this environment for a random part
     * of the window (an eighth to a quarter), and returns that delay.
     */
    Duration refused(Tenant tenant, List<StiggCall> calls) {
        long eighth = Math.max(1, window.toMillis() / 8);
        Duration delay = Duration.ofMillis(eighth + ThreadLocalRandom.current().nextLong(eighth + 1));
        if (!calls.isEmpty()) {
            limiter.holdBack(demands(tenant, calls), delay);
        }
        return delay;
    }

    static List<Demand> demands(Tenant tenant, List<StiggCall> calls) {
        StiggLimits limits = tenant.effectiveLimits();
        Map<String, Integer> permits = new LinkedHashMap<>();
        Map<String, Integer> limitOf = new LinkedHashMap<>();
        for (StiggCall call : calls) {
            String operationKey = tenant.tenantId() + "#op#" + call.operation();
            permits.merge(operationKey, 1, Integer::sum);
            limitOf.put(operationKey, limits.perOperationPerMinute());
            if (call.customerId() != null) {
                String customerKey = tenant.tenantId() + "#customer#" + call.customerId();
                permits.merge(customerKey, 1, Integer::sum);
                limitOf.put(customerKey, limits.perCustomerPerMinute());
            }
        }
        List<Demand> demands = new ArrayList<>();
        permits.forEach((key, count) -> demands.add(new Demand(key, count, limitOf.get(key))));
        return demands;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitWait(wait);
        }
    }
}
