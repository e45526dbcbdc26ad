package io.sfstigg.core.model;

/** Stigg's {@code SubscriptionCancellationTime}; the default is {@link #END_OF_BILLING_PERIOD}. */
public enum CancellationTime {
    IMMEDIATE,
    END_OF_BILLING_PERIOD,
    SPECIFIC_DATE
}
