package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfstigg.core.model.MetadataValue;
import java.util.List;
import java.util.Map;

/** {@code UpdateSubscriptionInput}: a list sent replaces the subscription's; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionUpdateInput(
        String subscriptionId,
        String scheduleStrategy,
        List<SubscriptionInput.AddonInput> addons,
        List<SubscriptionInput.EntitlementInput> entitlements,
        List<SubscriptionInput.PriceOverrideInput> priceOverrides,
        String billingPeriod,
        String salesforceId,
        Map<String, MetadataValue> additionalMetaData) {}
