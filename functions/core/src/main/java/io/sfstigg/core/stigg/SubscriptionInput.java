package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sfstigg.core.model.MetadataValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** {@code ProvisionSubscriptionInput}: null fields (and lists left null) are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionInput(
        String customerId,
        String planId,
        String subscriptionId,
        String billingPeriod,
        String paymentCollectionMethod,
        List<AddonInput> addons,
        List<EntitlementInput> entitlements,
        List<PriceOverrideInput> priceOverrides,
        TrialInput trialOverrideConfiguration,
        String startDate,
        String resourceId,
        String salesforceId,
        Map<String, MetadataValue> additionalMetaData,
        String scheduleStrategy) {

    /** The same subscription, applied as {@code strategy} says ({@code IMMEDIATE}, {@code END_OF_BILLING_PERIOD}). */
    public SubscriptionInput withScheduleStrategy(String strategy) {
        return new SubscriptionInput(customerId, planId, subscriptionId, billingPeriod, paymentCollectionMethod, addons,
                entitlements, priceOverrides, trialOverrideConfiguration, startDate, resourceId, salesforceId,
                additionalMetaData, strategy);
    }

    public record AddonInput(String addonId, int quantity) {}

    /** One entitlement: a feature's or a credit's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntitlementInput(FeatureInput feature, CreditInput credit) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureInput(String featureId, BigDecimal usageLimit) {}

    public record CreditInput(String customCurrencyId, BigDecimal amount, String cadence) {}

    /** The plan's base charge ({@code baseCharge}) or a credit's price ({@code currencyId} and its cadence). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PriceOverrideInput(Boolean baseCharge, String currencyId, String creditGrantCadence, PriceInput price) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrialInput(@JsonProperty("isTrial") boolean isTrial, String trialEndDate) {}
}
