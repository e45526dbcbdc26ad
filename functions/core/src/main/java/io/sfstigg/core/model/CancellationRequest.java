package io.sfstigg.core.model;

/**
 * Cancel one subscription: the opportunity's (resolved by the worker from the opportunity's state)
 * or one named by its Stigg id. {@code endDate} is set with {@link CancellationTime#SPECIFIC_DATE} only.
 */
public record CancellationRequest(
        String opportunityId,
        String subscriptionId,
        String stiggCustomerId,
        CancellationTime cancellationTime,
        String endDate,
        CancellationAction cancellationAction,
        Boolean prorate) implements ProvisioningRequest {}
