package io.sfstigg.core.tenant;

/**
 * Stigg's rate limits for one org's environment, per minute: calls of each mutation
 * ({@code provisionCustomer}, {@code provisionSubscription}, {@code createCreditGrant}, ...) and
 * mutations touching one customer. Stigg's plans differ; the defaults are its documented limits.
 */
public record StiggLimits(int perOperationPerMinute, int perCustomerPerMinute) {
    public static final int DEFAULT_PER_OPERATION = 250;
    public static final int DEFAULT_PER_CUSTOMER = 30;
    public static final int MAX_PER_OPERATION = 100_000;
    public static final int MAX_PER_CUSTOMER = 10_000;
    public static final StiggLimits DEFAULTS = new StiggLimits(DEFAULT_PER_OPERATION, DEFAULT_PER_CUSTOMER);

    public StiggLimits {
        if (perOperationPerMinute < 1 || perOperationPerMinute > MAX_PER_OPERATION
                || perCustomerPerMinute < 1 || perCustomerPerMinute > MAX_PER_CUSTOMER) {
            throw new IllegalArgumentException("Stigg limits out of range");
        }
    }
}
