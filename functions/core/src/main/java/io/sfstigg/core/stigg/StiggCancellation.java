package io.sfstigg.core.stigg;

/** {@code cancelSubscription}'s answer: the subscription's status and dates after the cancellation. */
public record StiggCancellation(
        String subscriptionId,
        String status,
        String cancellationDate,
        String effectiveEndDate,
        String endDate,
        String currentBillingPeriodEnd) {}
