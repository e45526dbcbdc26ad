package io.sfstigg.core.links;

/**
 * The links a provisioned request leaves: the account is this Stigg customer, and, for a
 * subscription, the subscription belongs to the account and to its opportunity. Written with the
 * request's result, in one call (see {@code DynamoLedger#succeed}).
 */
public record LinkUpdate(
        String tenantId,
        String accountId,
        String accountUrl,
        String customerId,
        String customerUrl,
        Link.SubscriptionLink subscription) {}
