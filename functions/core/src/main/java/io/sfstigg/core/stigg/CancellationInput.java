package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code SubscriptionCancellationInput}; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancellationInput(
        String subscriptionRefId,
        String subscriptionCancellationTime,
        String endDate,
        String subscriptionCancellationAction,
        Boolean prorate) {}
