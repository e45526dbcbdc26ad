package io.sfstigg.core.stigg;

import java.util.List;

/** A subscription as Stigg answers it; fields a query does not select are null. */
public record StiggSubscription(
        String subscriptionId,
        String status,
        String startDate,
        String trialEndDate,
        String billingPeriod,
        String salesforceId,
        String cancellationDate,
        String currentBillingPeriodEnd,
        Plan plan,
        List<Addon> addons) {

    public StiggSubscription {
        addons = addons == null ? List.of() : List.copyOf(addons);
    }

    public record Plan(String refId, String displayName, Product product) {}

    public record Product(String refId) {}

    /** An add-on line: {@code addon} is the catalogue add-on (its {@code refId} is the id we send). */
    public record Addon(String addonId, int quantity, AddonRef addon) {}

    public record AddonRef(String refId, String displayName) {}

    public String planId() {
        return plan == null ? null : plan.refId();
    }

    public String planName() {
        return plan == null ? null : plan.displayName();
    }

    public String productId() {
        return plan == null || plan.product() == null ? null : plan.product().refId();
    }
}
