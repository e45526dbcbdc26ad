package io.sfstigg.core.model;

import java.util.List;

/** Create Stigg Subscription, every parameter of the seed's table; dates are ISO-8601 instants. */
public record SubscriptionRequest(
        String salesforceAccountId,
        String stiggCustomerId,
        String customerEmail,
        String customerName,
        String salesforceOpportunityId,
        String planId,
        Money planBaseChargeOverride,
        List<AddonLine> addons,
        List<FeatureEntitlement> entitlements,
        BillingPeriod billingPeriod,
        PaymentCollectionMethod paymentCollectionMethod,
        boolean trial,
        String trialEndDate,
        String startDate,
        String resourceId,
        List<CreditEntitlement> creditEntitlements) implements ProvisioningRequest {

    public record AddonLine(String addonId, int quantity) {}

    public record FeatureEntitlement(String featureId, java.math.BigDecimal usageLimit) {}

    public record CreditEntitlement(
            String customCurrencyId, java.math.BigDecimal amount, CreditCadence cadence, Money priceOverride) {}
}
