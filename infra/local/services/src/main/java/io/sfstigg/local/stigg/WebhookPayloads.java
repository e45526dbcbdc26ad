package io.sfstigg.local.stigg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The entity part of Stigg's webhook events (docs/stigg-webhooks.md), built from the emulator's stored entities. */
final class WebhookPayloads {
    private WebhookPayloads() {}

    static Map<String, Object> customer(Map<String, Object> customer) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("entityId", customer.get("id"));
        view.put("id", customer.get("customerId"));
        view.put("name", customer.get("name"));
        view.put("email", customer.get("email"));
        view.put("billingId", null);
        view.put("salesforceId", customer.get("salesforceId"));
        view.put("metadata", customer.get("additionalMetaData"));
        return view;
    }

    static Map<String, Object> subscription(Map<String, Object> subscription, Map<String, Object> customer, String planId,
            String planName) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("entityId", subscription.get("id"));
        view.put("id", subscription.get("subscriptionId"));
        view.put("billingId", null);
        view.put("status", subscription.get("status"));
        view.put("startDate", subscription.get("startDate"));
        view.put("endDate", subscription.get("endDate"));
        view.put("cancellationDate", subscription.get("cancellationDate"));
        view.put("trialEndDate", subscription.get("trialEndDate"));
        view.put("billingPeriod", subscription.get("billingPeriod"));
        view.put("isTrialSubscription", "IN_TRIAL".equals(subscription.get("status")));
        view.put("customer", customer(customer));
        view.put("plan", Map.of("id", planId, "name", planName, "pricingType", "PAID", "status", "PUBLISHED"));
        view.put("addons", List.of());
        view.put("metadata", subscription.get("additionalMetaData"));
        return view;
    }

    static Map<String, Object> creditBalance(Map<String, Object> customer, String currencyId, double remaining,
            double granted) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("customer", Map.of("id", customer.get("customerId"), "name", String.valueOf(customer.get("name"))));
        view.put("creditCurrency", Map.of("id", currencyId, "name", currencyId));
        view.put("totalGranted", granted);
        view.put("remainingBalance", remaining);
        double percentage = granted <= 0 ? 0 : Math.round(remaining * 10000.0 / granted) / 100.0;
        view.put("remainingBalancePercentage", percentage);
        view.put("consumedPercentage", 100 - percentage);
        return view;
    }
}
