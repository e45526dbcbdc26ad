package io.sfstigg.core.model;

public enum BillingPeriod {
    MONTHLY,
    ANNUALLY
}
