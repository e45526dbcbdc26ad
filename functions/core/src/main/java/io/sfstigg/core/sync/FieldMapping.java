package io.sfstigg.core.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Salesforce field receives each value the sync writes, per org. A value the org maps to
 * nothing (an empty name) is not written. The defaults are the custom fields docs/salesforce-sync.md lists.
 */
public record FieldMapping(Map<String, String> opportunity, Map<String, String> account) {
    public static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");
    public static final Map<String, String> DEFAULT_OPPORTUNITY = ordered(
            "subscriptionStatus", "Stigg_Subscription_Status__c",
            "plan", "Stigg_Plan__c",
            "trialEnd", "Stigg_Trial_End__c",
            "cancellationDate", "Stigg_Cancellation_Date__c",
            "subscriptionUrl", "Stigg_Subscription_URL__c");
    public static final Map<String, String> DEFAULT_ACCOUNT = ordered(
            "creditBalance", "Stigg_Credit_Balance__c",
            "creditStatus", "Stigg_Credit_Status__c",
            "customerUrl", "Stigg_Customer_URL__c");

    public static FieldMapping defaults() {
        return new FieldMapping(DEFAULT_OPPORTUNITY, DEFAULT_ACCOUNT);
    }

    /** The defaults with the org's overrides on top. */
    public FieldMapping orDefaults() {
        Map<String, String> opp = new LinkedHashMap<>(DEFAULT_OPPORTUNITY);
        Map<String, String> acc = new LinkedHashMap<>(DEFAULT_ACCOUNT);
        if (opportunity != null) {
            opp.putAll(opportunity);
        }
        if (account != null) {
            acc.putAll(account);
        }
        return new FieldMapping(Map.copyOf(opp), Map.copyOf(acc));
    }

    /** Salesforce field values, keyed by the mapped field names; values the org does not map are left out. */
    public static Map<String, Object> fields(Map<String, String> mapping, Map<String, Object> values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String field = mapping.get(name);
            if (field != null && !field.isEmpty()) {
                fields.put(field, value);
            }
        });
        return fields;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
