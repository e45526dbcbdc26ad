package io.sfstigg.core.opportunity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.model.BillingPeriod;
import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.model.SubscriptionRequest.FeatureEntitlement;
import io.sfstigg.core.opportunity.SubscriptionChange.Aspect;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an amendment changes, aspect by aspect; what does not count as a change. */
class SubscriptionChangeTest {
    private static SubscriptionRequest subscription(String plan, List<AddonLine> addons, BillingPeriod period,
            Money baseCharge, List<FeatureEntitlement> features) {
        return new SubscriptionRequest("001000000000001AAA", "acme", null, null, "006000000000001AAA", plan, baseCharge,
                addons, features, period, null, false, null, null, null, List.of());
    }

    private static final SubscriptionRequest APPLIED = subscription("plan-basic",
            List.of(new AddonLine("addon-seats", 5), new AddonLine("addon-support", 1)), BillingPeriod.MONTHLY,
            new Money(new BigDecimal("100"), "USD"), List.of(new FeatureEntitlement("feature-api-calls", new BigDecimal("1000"))));

    @Test
    void moreSeatsChangeTheAddonsOnly() {
        SubscriptionRequest desired = subscription("plan-basic",
                List.of(new AddonLine("addon-seats", 8), new AddonLine("addon-support", 1)), BillingPeriod.MONTHLY,
                new Money(new BigDecimal("100"), "USD"), APPLIED.entitlements());
        assertEquals(List.of(Aspect.ADDONS), SubscriptionChange.between(APPLIED, desired).changed());
    }

    @Test
    void sameLinesInAnotherOrderAndScaleAreNoChange() {
        SubscriptionRequest desired = subscription("plan-basic",
                List.of(new AddonLine("addon-support", 1), new AddonLine("addon-seats", 5)), null,
                new Money(new BigDecimal("100.00"), "USD"),
                List.of(new FeatureEntitlement("feature-api-calls", new BigDecimal("1000.0"))));
        assertTrue(SubscriptionChange.between(APPLIED, desired).isEmpty());
    }

    @Test
    void eachAspectIsSeen() {
        SubscriptionRequest desired = subscription("plan-pro", List.of(new AddonLine("addon-seats", 5)),
                BillingPeriod.ANNUALLY, new Money(new BigDecimal("120"), "USD"), List.of());
        assertEquals(List.of(Aspect.PLAN, Aspect.ADDONS, Aspect.ENTITLEMENTS, Aspect.PRICE_OVERRIDES,
                Aspect.BILLING_PERIOD), SubscriptionChange.between(APPLIED, desired).changed());
    }

    @Test
    void removingAnAddonIsAChange() {
        SubscriptionRequest desired = subscription("plan-basic", List.of(new AddonLine("addon-seats", 5)),
                BillingPeriod.MONTHLY, new Money(new BigDecimal("100"), "USD"), APPLIED.entitlements());
        assertEquals(List.of(Aspect.ADDONS), SubscriptionChange.between(APPLIED, desired).changed());
    }
}
