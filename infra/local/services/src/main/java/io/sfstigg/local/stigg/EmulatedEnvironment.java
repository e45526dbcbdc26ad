package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One Stigg environment: its catalog (plans, add-ons, features, custom currencies) and what was
 * provisioned in it. Every method is synchronized: duplicate checks and writes are atomic.
 */
public final class EmulatedEnvironment {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String slug;
    private final Map<String, Boolean> plans = new LinkedHashMap<>();
    private final Map<String, Boolean> unpublished = new HashMap<>();
    private final List<String> addons = new ArrayList<>();
    private final List<String> features = new ArrayList<>();
    private final List<String> currencies = new ArrayList<>();
    private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final List<Map<String, Object>> grants = new ArrayList<>();

    EmulatedEnvironment(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public synchronized EmulatedEnvironment addPlan(String planId, boolean paid) {
        plans.put(planId, paid);
        return this;
    }

    public synchronized EmulatedEnvironment addAddon(String addonId) {
        addons.add(addonId);
        return this;
    }

    public synchronized EmulatedEnvironment addFeature(String featureId) {
        features.add(featureId);
        return this;
    }

    public synchronized EmulatedEnvironment addCurrency(String currencyId) {
        currencies.add(currencyId);
        return this;
    }

    /** Provisioning the plan fails with {@code UnPublishedPackage} until {@link #publishPlan}. */
    public synchronized void unpublishPlan(String planId) {
        unpublished.put(planId, true);
    }

    public synchronized void publishPlan(String planId) {
        unpublished.remove(planId);
    }

    synchronized void seedDemoCatalog() {
        addPlan("plan-free", false).addPlan("plan-basic", true).addPlan("plan-pro", true).addPlan("plan-enterprise", true);
        addAddon("addon-seats").addAddon("addon-storage").addAddon("addon-support");
        addFeature("feature-api-calls").addFeature("feature-seats").addFeature("feature-projects").addFeature("feature-ai-credits");
        addCurrency("cred-type-ai-tokens").addCurrency("cred-type-test");
    }

    /** Snapshots of what was provisioned, as JSON: the stored input plus the generated ids. */
    public synchronized List<ObjectNode> customers() {
        return customers.values().stream().map(EmulatedEnvironment::snapshot).toList();
    }

    public synchronized List<ObjectNode> subscriptions() {
        return subscriptions.values().stream().map(EmulatedEnvironment::snapshot).toList();
    }

    public synchronized List<ObjectNode> creditGrants() {
        return grants.stream().map(EmulatedEnvironment::snapshot).toList();
    }

    synchronized void clearData() {
        customers.clear();
        subscriptions.clear();
        grants.clear();
    }

    private static ObjectNode snapshot(Map<String, Object> stored) {
        Map<String, Object> plain = new LinkedHashMap<>(stored);
        plain.remove("customer");
        return JSON.valueToTree(plain);
    }

    // ---- mutations and queries, called by the GraphQL wiring ----

    synchronized Map<String, Object> provisionCustomer(Map<String, Object> input) {
        String customerId = input.get("customerId") != null ? (String) input.get("customerId") : "customer-" + shortId();
        if (customers.containsKey(customerId)) {
            throw new StiggError("DuplicatedEntityNotAllowed", "Customer with id " + customerId + " already exists");
        }
        Map<String, Object> customer = new LinkedHashMap<>(input);
        customer.put("customerId", customerId);
        customer.put("refId", customerId);
        customer.put("id", UUID.randomUUID().toString());
        customer.put("createdAt", Instant.now().toString());
        customer.put("updatedAt", Instant.now().toString());
        customers.put(customerId, customer);
        return view(customer);
    }

    synchronized Map<String, Object> updateCustomer(Map<String, Object> input) {
        String customerId = (String) (input.get("customerId") != null ? input.get("customerId") : input.get("refId"));
        Map<String, Object> customer = customerId == null ? null : customers.get(customerId);
        if (customer == null) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        input.forEach((key, value) -> {
            if (value != null && !key.equals("customerId") && !key.equals("refId")) {
                customer.put(key, value);
            }
        });
        customer.put("updatedAt", Instant.now().toString());
        return view(customer);
    }

    synchronized Map<String, Object> findCustomer(String customerId) {
        Map<String, Object> customer = customers.get(customerId);
        return customer == null ? null : view(customer);
    }

    @SuppressWarnings("unchecked")
    synchronized Map<String, Object> provisionSubscription(Map<String, Object> input) {
        String customerId = (String) input.get("customerId");
        Map<String, Object> customer = customers.get(customerId);
        if (customer == null) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        String planId = (String) input.get("planId");
        if (!plans.containsKey(planId)) {
            throw new StiggError("PlanNotFound", "Plan not found: " + planId);
        }
        if (unpublished.containsKey(planId)) {
            throw new StiggError("UnPublishedPackage", "Plan " + planId + " is not published");
        }
        List<Map<String, Object>> addonInputs = (List<Map<String, Object>>) input.getOrDefault("addons", List.of());
        for (Map<String, Object> addon : addonInputs == null ? List.<Map<String, Object>>of() : addonInputs) {
            if (!addons.contains(addon.get("addonId"))) {
                throw new StiggError("AddonNotFound", "Addon not found: " + addon.get("addonId"));
            }
        }
        List<Map<String, Object>> entitlements = (List<Map<String, Object>>) input.getOrDefault("entitlements", List.of());
        for (Map<String, Object> entitlement : entitlements == null ? List.<Map<String, Object>>of() : entitlements) {
            Map<String, Object> credit = (Map<String, Object>) entitlement.get("credit");
            Map<String, Object> feature = (Map<String, Object>) entitlement.get("feature");
            if (credit != null && !currencies.contains(credit.get("customCurrencyId"))) {
                throw new StiggError("CustomCurrencyNotFound", "Custom currency not found: " + credit.get("customCurrencyId"));
            }
            if (feature != null && !features.contains(feature.get("featureId"))) {
                throw new StiggError("BadUserInput", "Feature not found: " + feature.get("featureId"));
            }
        }
        String subscriptionId = input.get("subscriptionId") != null
                ? (String) input.get("subscriptionId") : "subscription-" + shortId();
        if (subscriptions.containsKey(subscriptionId)) {
            throw new StiggError("DuplicatedEntityNotAllowed", "Subscription with id " + subscriptionId + " already exists");
        }
        boolean trial = input.get("trialOverrideConfiguration") instanceof Map<?, ?> t && Boolean.TRUE.equals(t.get("isTrial"));
        boolean paymentRequired = "CHARGE".equals(input.get("paymentCollectionMethod")) && plans.get(planId) && !trial;
        Map<String, Object> subscription = new LinkedHashMap<>(input);
        subscription.put("subscriptionId", subscriptionId);
        subscription.put("refId", subscriptionId);
        subscription.put("id", UUID.randomUUID().toString());
        subscription.put("status", trial ? "IN_TRIAL" : paymentRequired ? "PAYMENT_PENDING" : "ACTIVE");
        subscription.put("startDate", input.get("startDate") != null ? input.get("startDate") : Instant.now().toString());
        if (trial) {
            subscription.put("trialEndDate", ((Map<String, Object>) input.get("trialOverrideConfiguration")).get("trialEndDate"));
        }
        subscription.put("createdAt", Instant.now().toString());
        subscriptions.put(subscriptionId, subscription);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", subscription.get("id"));
        result.put("status", paymentRequired ? "PAYMENT_REQUIRED" : "SUCCESS");
        result.put("checkoutUrl", paymentRequired ? "https://checkout.stigg.local/" + subscriptionId : null);
        result.put("subscription", subscriptionView(subscription));
        return result;
    }

    synchronized Map<String, Object> createCreditGrant(Map<String, Object> input) {
        String customerId = (String) input.get("customerId");
        if (!customers.containsKey(customerId)) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        if (!currencies.contains(input.get("currencyId"))) {
            throw new StiggError("CustomCurrencyNotFound", "Custom currency not found: " + input.get("currencyId"));
        }
        if (((Number) input.get("amount")).doubleValue() <= 0) {
            throw new StiggError("BadUserInput", "amount must be positive");
        }
        String effective = input.get("effectiveAt") != null ? String.valueOf(input.get("effectiveAt")) : Instant.now().toString();
        if (input.get("expireAt") != null && !Instant.parse(String.valueOf(input.get("expireAt"))).isAfter(Instant.parse(effective))) {
            throw new StiggError("ExpireAtMustBeLaterThanEffectiveAtError", "expireAt must be later than effectiveAt");
        }
        Map<String, Object> grant = new LinkedHashMap<>(input);
        grant.put("grantId", "grant-" + shortId());
        grant.put("id", UUID.randomUUID().toString());
        grant.put("effectiveAt", effective);
        grant.put("status", Instant.parse(effective).isAfter(Instant.now()) ? "SCHEDULED" : "ACTIVE");
        grant.put("consumedAmount", 0.0);
        grant.put("priority", input.get("priority") != null ? input.get("priority") : 0.0);
        grant.put("paymentCollection", "NOT_REQUIRED");
        grant.put("createdAt", Instant.now().toString());
        grant.put("updatedAt", Instant.now().toString());
        if (grant.get("cost") == null) {
            grant.put("cost", Map.of("amount", 0.0, "currency", "USD"));
        }
        grants.add(grant);
        return new LinkedHashMap<>(grant);
    }

    synchronized List<Map<String, Object>> creditGrants(String customerId, String currencyId, String resourceId) {
        return grants.stream()
                .filter(g -> Objects.equals(g.get("customerId"), customerId))
                .filter(g -> currencyId == null || currencyId.equals(g.get("currencyId")))
                .filter(g -> resourceId == null || resourceId.equals(g.get("resourceId")))
                .map(LinkedHashMap::new)
                .map(g -> (Map<String, Object>) g)
                .toList();
    }

    /** A customer as GraphQL returns it, with its subscriptions. */
    private Map<String, Object> view(Map<String, Object> customer) {
        Map<String, Object> view = new LinkedHashMap<>(customer);
        List<Map<String, Object>> own = subscriptions.values().stream()
                .filter(s -> customer.get("customerId").equals(s.get("customerId")))
                .map(this::subscriptionView).toList();
        view.put("subscriptions", own);
        view.put("hasActiveSubscription", !own.isEmpty());
        view.put("hasPaymentMethod", false);
        view.put("hasActiveResource", false);
        view.put("environmentId", UUID.nameUUIDFromBytes(slug.getBytes()).toString());
        return view;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> subscriptionView(Map<String, Object> subscription) {
        Map<String, Object> view = new LinkedHashMap<>(subscription);
        String planId = (String) subscription.get("planId");
        view.put("plan", Map.of("id", UUID.nameUUIDFromBytes(planId.getBytes()).toString(), "refId", planId,
                "displayName", displayName(planId), "status", "PUBLISHED"));
        List<Map<String, Object>> addonInputs = (List<Map<String, Object>>) subscription.get("addons");
        List<Map<String, Object>> addonViews = new ArrayList<>();
        if (addonInputs != null) {
            for (Map<String, Object> addon : addonInputs) {
                String addonId = (String) addon.get("addonId");
                Object quantity = addon.get("quantity") == null ? 1 : addon.get("quantity");
                addonViews.add(Map.of("id", UUID.randomUUID().toString(), "addonId", addonId,
                        "quantity", ((Number) quantity).doubleValue(),
                        "addon", Map.of("refId", addonId, "displayName", displayName(addonId))));
            }
        }
        view.put("addons", addonViews);
        view.remove("entitlements");
        view.put("customer", Map.of("customerId", subscription.get("customerId"), "refId", subscription.get("customerId")));
        return view;
    }

    private static String displayName(String id) {
        String bare = id.replaceFirst("^(plan|addon|feature)-", "");
        return Character.toUpperCase(bare.charAt(0)) + bare.substring(1).replace('-', ' ');
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
