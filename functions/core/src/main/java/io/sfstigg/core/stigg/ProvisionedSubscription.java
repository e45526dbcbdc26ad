package io.sfstigg.core.stigg;

/** {@code provisionSubscriptionV2}'s answer: the provisioning's status, a checkout URL when payment is due, the subscription. */
public record ProvisionedSubscription(String id, String status, String checkoutUrl, StiggSubscription subscription) {}
