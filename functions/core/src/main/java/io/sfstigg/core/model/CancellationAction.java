package io.sfstigg.core.model;

/** Stigg's {@code SubscriptionCancellationAction}. */
public enum CancellationAction {
    DEFAULT,
    REVOKE_ENTITLEMENTS
}
