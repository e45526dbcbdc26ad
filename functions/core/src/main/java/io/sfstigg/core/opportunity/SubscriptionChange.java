package io.sfstigg.core.opportunity;

import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.model.SubscriptionRequest.CreditEntitlement;
import io.sfstigg.core.model.SubscriptionRequest.FeatureEntitlement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What differs between the subscription last applied for an opportunity and the one it asks for
 * now, in the parts Stigg can change: the plan, add-ons and their quantities, feature and credit
 * entitlements, price overrides and the billing period. Order of lines and the scale of numbers
 * do not count; a billing period left out means "keep it".
 */
public record SubscriptionChange(List<Aspect> changed) {
    public enum Aspect { PLAN, ADDONS, ENTITLEMENTS, CREDIT_ENTITLEMENTS, PRICE_OVERRIDES, BILLING_PERIOD }

    public static SubscriptionChange between(SubscriptionRequest applied, SubscriptionRequest desired) {
        List<Aspect> changed = new ArrayList<>();
        if (!Objects.equals(applied.planId(), desired.planId())) {
            changed.add(Aspect.PLAN);
        }
        if (!byKey(applied.addons(), AddonLine::addonId, a -> BigDecimal.valueOf(a.quantity()))
                .equals(byKey(desired.addons(), AddonLine::addonId, a -> BigDecimal.valueOf(a.quantity())))) {
            changed.add(Aspect.ADDONS);
        }
        if (!byKey(applied.entitlements(), FeatureEntitlement::featureId, e -> number(e.usageLimit()))
                .equals(byKey(desired.entitlements(), FeatureEntitlement::featureId, e -> number(e.usageLimit())))) {
            changed.add(Aspect.ENTITLEMENTS);
        }
        if (!byKey(applied.creditEntitlements(), SubscriptionChange::creditKey, c -> number(c.amount()))
                .equals(byKey(desired.creditEntitlements(), SubscriptionChange::creditKey, c -> number(c.amount())))) {
            changed.add(Aspect.CREDIT_ENTITLEMENTS);
        }
        if (!sameMoney(applied.planBaseChargeOverride(), desired.planBaseChargeOverride())
                || !byKey(applied.creditEntitlements(), SubscriptionChange::creditKey, c -> money(c.priceOverride()))
                        .equals(byKey(desired.creditEntitlements(), SubscriptionChange::creditKey, c -> money(c.priceOverride())))) {
            changed.add(Aspect.PRICE_OVERRIDES);
        }
        if (desired.billingPeriod() != null && desired.billingPeriod() != applied.billingPeriod()) {
            changed.add(Aspect.BILLING_PERIOD);
        }
        return new SubscriptionChange(List.copyOf(changed));
    }

    public boolean isEmpty() {
        return changed.isEmpty();
    }

    public boolean has(Aspect aspect) {
        return changed.contains(aspect);
    }

    private static <T, V> Map<String, V> byKey(List<T> lines, Function<T, String> key, Function<T, V> value) {
        Map<String, V> map = new TreeMap<>();
        if (lines != null) {
            lines.forEach(line -> map.merge(key.apply(line), value.apply(line), (a, b) -> a));
        }
        return map;
    }

    private static String creditKey(CreditEntitlement credit) {
        return credit.customCurrencyId() + "/" + credit.cadence();
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static String money(Money money) {
        return money == null ? "" : number(money.amount()) + " " + money.currency();
    }

    private static boolean sameMoney(Money a, Money b) {
        return money(a).equals(money(b));
    }
}
