package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The subscription step: the subscription provisioned (with the provisioning's status and checkout
 * URL), or found (an earlier attempt's), or the customer's live one that a renewal changed
 * ({@code renewed}, with {@code applyAt}, and no add-on lines).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionOutcome(
        @JsonInclude(JsonInclude.Include.ALWAYS) String subscriptionId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String subscriptionUrl,
        @JsonInclude(JsonInclude.Include.ALWAYS) String status,
        String provisionStatus,
        String checkoutUrl,
        @JsonInclude(JsonInclude.Include.ALWAYS) String planId,
        String displayName,
        String billingPeriod,
        String startDate,
        String trialEndDate,
        String salesforceId,
        List<AddonLine> addons,
        String applyAt,
        Boolean renewed) {

    /** The customer's live subscription, changed by a renewal as {@code applyAt} says. */
    public static SubscriptionOutcome renewal(String subscriptionId, String subscriptionUrl, String status,
            String planId, String applyAt) {
        return new SubscriptionOutcome(subscriptionId, subscriptionUrl, status, null, null, planId, null, null, null,
                null, null, null, applyAt, true);
    }

    /** An add-on line: the add-on's id in the catalogue and its quantity. */
    public record AddonLine(String addonId, int quantity) {}
}
