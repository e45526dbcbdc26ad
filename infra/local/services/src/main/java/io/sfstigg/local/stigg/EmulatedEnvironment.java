package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One Stigg environment: its catalog (plans, add-ons, features, custom currencies) and what was
 * provisioned in it. Stored entities are the input as received plus what Stigg generates (ids,
 * status, timestamps); GraphQL answers are views built from them. Every method is synchronized:
 * duplicate checks and writes are atomic.
 */
public final class EmulatedEnvironment {
    /** The customer slug in a subscription's view; no GraphQL field can select it. */
    static final String CUSTOMER_REF = "$customerRef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String slug;
    private final String environmentId;
    private final Map<String, Boolean> plans = new LinkedHashMap<>();
    private final Set<String> unpublished = new HashSet<>();
    private final Set<String> addons = new LinkedHashSet<>();
    private final Set<String> features = new LinkedHashSet<>();
    private final Set<String> currencies = new LinkedHashSet<>();
    private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final List<Map<String, Object>> grants = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> subscriptionsByCustomer = new HashMap<>();
    private final Map<String, List<Map<String, Object>>> grantsByCustomer = new HashMap<>();

    private volatile WebhookSender webhooks;

    EmulatedEnvironment(String slug) {
        this.slug = slug;
        this.environmentId = uuid("environment", slug);
    }

    public String slug() {
        return slug;
    }

    /** Where this environment's changes are sent as webhook events. */
    void sendEventsTo(WebhookSender sender) {
        this.webhooks = sender;
    }

    private void emit(String type, Map<String, Object> entity) {
        WebhookSender sender = webhooks;
        if (sender != null) {
            sender.emit(slug, type, entity);
        }
    }

    // ---- catalog ----

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
    public synchronized EmulatedEnvironment unpublishPlan(String planId) {
        unpublished.add(planId);
        return this;
    }

    public synchronized EmulatedEnvironment publishPlan(String planId) {
        unpublished.remove(planId);
        return this;
    }

    /** Plans {@code plan-free} (free), {@code plan-basic}, {@code plan-pro}, {@code plan-enterprise}; add-ons, features, currencies. */
    public synchronized EmulatedEnvironment seedDemoCatalog() {
        addPlan("plan-free", false).addPlan("plan-basic", true).addPlan("plan-pro", true).addPlan("plan-enterprise", true);
        addAddon("addon-seats").addAddon("addon-storage").addAddon("addon-support");
        addFeature("feature-api-calls").addFeature("feature-seats").addFeature("feature-projects").addFeature("feature-ai-credits");
        return addCurrency("cred-type-ai-tokens").addCurrency("cred-type-test");
    }

    // ---- snapshots ----

    /** What was provisioned, as JSON copies: the stored input plus the generated ids. */
    public synchronized List<ObjectNode> customers() {
        return customers.values().stream().map(c -> (ObjectNode) JSON.valueToTree(c)).toList();
    }

    public synchronized List<ObjectNode> subscriptions() {
        return subscriptions.values().stream().map(s -> (ObjectNode) JSON.valueToTree(s)).toList();
    }

    public synchronized List<ObjectNode> creditGrants() {
        return grants.stream().map(g -> (ObjectNode) JSON.valueToTree(grantView(g))).toList();
    }

    /** The catalog as JSON: plans (paid, published), add-ons, features, currencies. */
    public synchronized ObjectNode catalog() {
        ObjectNode catalog = JSON.createObjectNode();
        ObjectNode planNodes = catalog.putObject("plans");
        plans.forEach((id, paid) -> planNodes.putObject(id).put("paid", paid).put("published", !unpublished.contains(id)));
        catalog.set("addons", JSON.valueToTree(addons));
        catalog.set("features", JSON.valueToTree(features));
        catalog.set("currencies", JSON.valueToTree(currencies));
        return catalog;
    }

    synchronized void clearData() {
        customers.clear();
        subscriptions.clear();
        grants.clear();
        subscriptionsByCustomer.clear();
        grantsByCustomer.clear();
    }

    // ---- customers ----

    synchronized Map<String, Object> provisionCustomer(Map<String, Object> input) {
        String customerId = firstText(input, "customerId", "refId");
        if (customerId == null) {
            customerId = freshId("customer", customers.keySet());
        }
        if (customers.containsKey(customerId)) {
            throw new StiggError("DuplicatedEntityNotAllowed", "Customer with id " + customerId + " already exists");
        }
        String now = Instant.now().toString();
        Map<String, Object> customer = new LinkedHashMap<>(input);
        customer.put("customerId", customerId);
        customer.put("refId", customerId);
        customer.put("id", UUID.randomUUID().toString());
        customer.putIfAbsent("createdAt", now);
        customer.put("updatedAt", now);
        customers.put(customerId, customer);
        emit("customer.created", WebhookPayloads.customer(customer));
        return customerView(customer);
    }

    synchronized Map<String, Object> updateCustomer(Map<String, Object> input) {
        String customerId = firstText(input, "customerId", "refId");
        Map<String, Object> customer = customerId == null ? null : customers.get(customerId);
        if (customer == null) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        input.forEach((key, value) -> {
            if (value != null && !key.equals("customerId") && !key.equals("refId") && !key.equals("shouldWaitSync")) {
                customer.put(key, value);
            }
        });
        customer.put("updatedAt", Instant.now().toString());
        emit("customer.updated", WebhookPayloads.customer(customer));
        return customerView(customer);
    }

    /** The customer as GraphQL returns it, or null. */
    synchronized Map<String, Object> findCustomer(String customerId) {
        Map<String, Object> customer = customerId == null ? null : customers.get(customerId);
        return customer == null ? null : customerView(customer);
    }

    synchronized List<Map<String, Object>> subscriptionsOf(String customerId) {
        return subscriptionsByCustomer.getOrDefault(customerId, List.of()).stream().map(this::subscriptionView).toList();
    }

    // ---- subscriptions ----

    /** What an operator does in Stigg's console: the subscription is canceled now (subscription.canceled). */
    public synchronized void cancelInConsole(String subscriptionId) {
        Map<String, Object> subscription = existingSubscription(subscriptionId);
        String now = Instant.now().toString();
        subscription.put("status", "CANCELED");
        subscription.put("cancellationDate", now);
        subscription.put("endDate", now);
        emitSubscription("subscription.canceled", subscription);
    }

    /** A subscription's trial ends without a paid plan (subscription.trial_expired). */
    public synchronized void expireTrialInConsole(String subscriptionId) {
        Map<String, Object> subscription = existingSubscription(subscriptionId);
        subscription.put("status", "EXPIRED");
        subscription.put("endDate", Instant.now().toString());
        emitSubscription("subscription.trial_expired", subscription);
    }

    /** Any other change of a subscription's status (subscription.updated). */
    public synchronized void setStatusInConsole(String subscriptionId, String status) {
        Map<String, Object> subscription = existingSubscription(subscriptionId);
        subscription.put("status", status);
        emitSubscription("subscription.updated", subscription);
    }

    /** A customer's balance in a credit currency crosses a threshold (credit_balance.low, or .depleted at 0). */
    public synchronized void reportCreditBalance(String customerId, String currencyId, double remaining, double granted) {
        Map<String, Object> customer = customers.get(customerId);
        if (customer == null) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        emit(remaining <= 0 ? "credit_balance.depleted" : "credit_balance.low",
                WebhookPayloads.creditBalance(customer, currencyId, remaining, granted));
    }

    private Map<String, Object> existingSubscription(String subscriptionId) {
        Map<String, Object> subscription = subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw new StiggError("SubscriptionNotFound", "Subscription not found: " + subscriptionId);
        }
        return subscription;
    }

    private void emitSubscription(String type, Map<String, Object> subscription) {
        String planId = (String) subscription.get("planId");
        emit(type, WebhookPayloads.subscription(subscription, customers.get((String) subscription.get("customerId")),
                planId, displayName(planId)));
    }

    synchronized Map<String, Object> provisionSubscription(Map<String, Object> input) {
        String customerId = (String) input.get("customerId");
        if (!customers.containsKey(customerId)) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        String planId = (String) input.get("planId");
        checkCatalog(planId, listOf(input.get("addons")), listOf(input.get("entitlements")));
        String subscriptionId = firstText(input, "subscriptionId", "refId");
        if (subscriptionId == null) {
            subscriptionId = freshId("subscription-" + planId, subscriptions.keySet());
        }
        if (subscriptions.containsKey(subscriptionId)) {
            throw new StiggError("DuplicatedEntityNotAllowed", "Subscription with id " + subscriptionId + " already exists");
        }
        Map<String, Object> trial = mapOf(input.get("trialOverrideConfiguration"));
        boolean inTrial = Boolean.TRUE.equals(trial.get("isTrial"));
        boolean paymentRequired = !inTrial && plans.get(planId) && "CHARGE".equals(input.get("paymentCollectionMethod"));
        Instant now = Instant.now();
        Map<String, Object> replaced = liveSubscriptionOf(customerId);
        boolean scheduled = replaced != null && isScheduled(input.get("scheduleStrategy"));
        Map<String, Object> subscription = new LinkedHashMap<>(input);
        subscription.put("subscriptionId", subscriptionId);
        subscription.put("refId", subscriptionId);
        subscription.put("id", UUID.randomUUID().toString());
        subscription.put("status", scheduled ? "NOT_STARTED"
                : inTrial ? "IN_TRIAL" : paymentRequired ? "PAYMENT_PENDING" : "ACTIVE");
        Object start = scheduled ? replaced.get("currentBillingPeriodEnd")
                : input.get("startDate") != null ? input.get("startDate") : now.toString();
        subscription.put("startDate", start);
        subscription.put("currentBillingPeriodStart", start);
        subscription.put("currentBillingPeriodEnd", periodEnd(String.valueOf(start), input.get("billingPeriod")));
        if (inTrial && trial.get("trialEndDate") != null) {
            subscription.put("trialEndDate", trial.get("trialEndDate"));
        }
        subscription.put("createdAt", now.toString());
        if (replaced != null) {
            replace(replaced, subscription, scheduled, now);
        }
        subscriptions.put(subscriptionId, subscription);
        subscriptionsByCustomer.computeIfAbsent(customerId, c -> new ArrayList<>()).add(subscription);
        emitSubscription("subscription.created", subscription);
        Map<String, Object> result = provisionResult(subscription, paymentRequired && !scheduled);
        result.put("isScheduled", scheduled);
        return result;
    }

    /**
     * A customer has one live subscription per product (every plan here is in the default
     * product): a new plan replaces it, at once (an upgrade: the old one is cancelled) or, with a
     * scheduled strategy, at the end of its billing period (the old one shows the scheduled change).
     */
    private void replace(Map<String, Object> old, Map<String, Object> next, boolean scheduled, Instant now) {
        if (scheduled) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("__typename", "PlanChangeVariables");
            variables.put("planRefId", next.get("planId"));
            variables.put("changeType", "DOWNGRADE");
            variables.put("billingPeriod", next.get("billingPeriod"));
            old.put("scheduledUpdates", List.of(scheduledUpdate("Plan", old.get("currentBillingPeriodEnd"), variables)));
            old.put("cancellationDate", old.get("currentBillingPeriodEnd"));
            old.put("effectiveEndDate", old.get("currentBillingPeriodEnd"));
            return;
        }
        old.put("status", "CANCELED");
        old.put("cancelReason", "UpgradeOrDowngrade");
        old.put("cancellationDate", now.toString());
        old.put("endDate", now.toString());
        old.put("effectiveEndDate", now.toString());
        old.remove("scheduledUpdates");
    }

    private Map<String, Object> liveSubscriptionOf(String customerId) {
        return subscriptionsByCustomer.getOrDefault(customerId, List.of()).stream()
                .filter(s -> isLive(s) && !"NOT_STARTED".equals(s.get("status")))
                .reduce((first, second) -> second).orElse(null);
    }

    private static boolean isLive(Map<String, Object> subscription) {
        return !"CANCELED".equals(subscription.get("status")) && !"EXPIRED".equals(subscription.get("status"));
    }

    private static boolean isScheduled(Object strategy) {
        return "END_OF_BILLING_PERIOD".equals(strategy) || "END_OF_BILLING_MONTH".equals(strategy);
    }

    /** When a period that starts at {@code start} ends: a month or, for ANNUALLY, a year later. */
    private static String periodEnd(String start, Object billingPeriod) {
        java.time.OffsetDateTime from = GraphQlScalars.instant(start).orElse(Instant.now()).atOffset(java.time.ZoneOffset.UTC);
        return ("ANNUALLY".equals(billingPeriod) ? from.plusYears(1) : from.plusMonths(1)).toInstant().toString();
    }

    private static Map<String, Object> scheduledUpdate(String type, Object at, Map<String, Object> variables) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("subscriptionScheduleType", type);
        update.put("scheduleStatus", "Scheduled");
        update.put("scheduledExecutionTime", at);
        update.put("scheduleVariables", variables);
        update.put("createdAt", Instant.now().toString());
        return update;
    }

    /**
     * {@code updateOneSubscription}: each list given replaces the subscription's list. IMMEDIATE
     * (the default) applies the change now; END_OF_BILLING_PERIOD / END_OF_BILLING_MONTH record it
     * as scheduled updates (replacing earlier pending ones) that show in the state and the page.
     */
    synchronized Map<String, Object> updateSubscription(Map<String, Object> input) {
        Map<String, Object> subscription = liveSubscription(firstText(input, "subscriptionId", "refId"));
        checkCatalog((String) subscription.get("planId"), listOf(input.get("addons")), listOf(input.get("entitlements")));
        Object strategy = input.get("scheduleStrategy");
        if (!isScheduled(strategy)) {
            for (String field : List.of("addons", "entitlements", "priceOverrides", "billingPeriod", "unitQuantity",
                    "trialEndDate", "salesforceId", "cancellationDate")) {
                if (input.containsKey(field) && input.get(field) != null) {
                    subscription.put(field, input.get(field));
                }
            }
            subscription.remove("scheduledUpdates");
        } else {
            Object at = "END_OF_BILLING_MONTH".equals(strategy)
                    ? GraphQlScalars.instant(subscription.get("currentBillingPeriodStart")).orElse(Instant.now())
                            .atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant().toString()
                    : subscription.get("currentBillingPeriodEnd");
            List<Map<String, Object>> updates = new ArrayList<>();
            for (Map<String, Object> addon : listOf(input.get("addons"))) {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("__typename", "AddonChangeVariables");
                variables.put("addonRefId", addon.get("addonId"));
                variables.put("newQuantity", addon.get("quantity") == null ? 1.0 : ((Number) addon.get("quantity")).doubleValue());
                updates.add(scheduledUpdate("Addon", at, variables));
            }
            if (input.get("billingPeriod") != null) {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("__typename", "BillingPeriodChangeVariables");
                variables.put("billingPeriod", input.get("billingPeriod"));
                updates.add(scheduledUpdate("BillingPeriod", at, variables));
            }
            if (input.get("priceOverrides") != null) {
                updates.add(scheduledUpdate("PriceOverride", at, null));
            }
            if (input.get("unitQuantity") != null) {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("__typename", "UnitAmountChangeVariables");
                variables.put("newUnitAmount", input.get("unitQuantity"));
                updates.add(scheduledUpdate("UnitAmount", at, variables));
            }
            subscription.put("scheduledUpdates", updates);
            subscription.put("scheduledChange", new LinkedHashMap<>(input));
        }
        if (input.get("additionalMetaData") instanceof Map<?, ?> metadata) {
            Map<String, Object> merged = new LinkedHashMap<>(mapOf(subscription.get("additionalMetaData")));
            metadata.forEach((k, v) -> merged.put(String.valueOf(k), v));
            subscription.put("additionalMetaData", merged);
        }
        subscription.put("updatedAt", Instant.now().toString());
        emitSubscription("subscription.updated", subscription);
        return subscriptionView(subscription);
    }

    /**
     * {@code cancelSubscription}: IMMEDIATE ends it now; END_OF_BILLING_PERIOD (the default) and
     * SPECIFIC_DATE (with {@code endDate}, in the future) set the date it ends, and may be set again.
     */
    synchronized Map<String, Object> cancelSubscription(Map<String, Object> input) {
        Map<String, Object> subscription = liveSubscription((String) input.get("subscriptionRefId"));
        Object time = input.get("subscriptionCancellationTime") == null ? "END_OF_BILLING_PERIOD"
                : input.get("subscriptionCancellationTime");
        Instant now = Instant.now();
        String end;
        if ("IMMEDIATE".equals(time)) {
            end = now.toString();
            subscription.put("status", "CANCELED");
            subscription.put("cancelReason", "Immediate");
            subscription.put("endDate", end);
            subscription.remove("scheduledUpdates");
        } else if ("SPECIFIC_DATE".equals(time)) {
            Instant date = GraphQlScalars.instant(input.get("endDate")).orElseThrow(() ->
                    new StiggError("BadUserInput", "endDate is required when subscriptionCancellationTime is SPECIFIC_DATE"));
            if (!date.isAfter(now)) {
                throw new StiggError("BadUserInput", "endDate must be in the future");
            }
            end = date.toString();
            subscription.put("cancelReason", "ScheduledCancellation");
        } else {
            end = String.valueOf(subscription.get("currentBillingPeriodEnd"));
            subscription.put("cancelReason", "ScheduledCancellation");
        }
        subscription.put("cancellationDate", end);
        subscription.put("effectiveEndDate", end);
        subscription.put("subscriptionCancellationTime", time);
        subscription.put("subscriptionCancellationAction", input.get("subscriptionCancellationAction"));
        subscription.put("prorate", input.get("prorate"));
        subscription.put("updatedAt", now.toString());
        emitSubscription("IMMEDIATE".equals(time) ? "subscription.canceled" : "subscription.updated", subscription);
        return subscriptionView(subscription);
    }

    private Map<String, Object> liveSubscription(String subscriptionId) {
        Map<String, Object> subscription = subscriptionId == null ? null : subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw new StiggError("SubscriptionNotFound", "Subscription not found: " + subscriptionId);
        }
        if (!isLive(subscription)) {
            throw new StiggError("SubscriptionAlreadyCanceledOrExpired",
                    "Subscription " + subscriptionId + " is already " + subscription.get("status"));
        }
        return subscription;
    }

    private void checkCatalog(String planId, List<Map<String, Object>> addonInputs, List<Map<String, Object>> entitlements) {
        if (!plans.containsKey(planId)) {
            throw new StiggError("PlanNotFound", "Plan not found: " + planId);
        }
        if (unpublished.contains(planId)) {
            throw new StiggError("UnPublishedPackage", "Plan " + planId + " is not published");
        }
        for (Map<String, Object> addon : addonInputs) {
            if (!addons.contains(addon.get("addonId"))) {
                throw new StiggError("AddonNotFound", "Addon not found: " + addon.get("addonId"));
            }
        }
        for (Map<String, Object> entitlement : entitlements) {
            Map<String, Object> credit = mapOf(entitlement.get("credit"));
            Map<String, Object> feature = mapOf(entitlement.get("feature"));
            if (!credit.isEmpty() && !currencies.contains(credit.get("customCurrencyId"))) {
                throw new StiggError("CustomCurrencyNotFound", "Custom currency not found: " + credit.get("customCurrencyId"));
            }
            if (!feature.isEmpty() && !features.contains(feature.get("featureId"))) {
                throw new StiggError("BadUserInput", "Feature not found: " + feature.get("featureId"));
            }
        }
    }

    private Map<String, Object> provisionResult(Map<String, Object> subscription, boolean paymentRequired) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", subscription.get("id"));
        result.put("status", paymentRequired ? "PAYMENT_REQUIRED" : "SUCCESS");
        result.put("checkoutUrl", paymentRequired
                ? "https://checkout.stigg.local/" + slug + "/" + subscription.get("subscriptionId") : null);
        result.put("checkoutBillingId", paymentRequired ? "checkout-" + subscription.get("id") : null);
        result.put("isScheduled", false);
        result.put("subscription", subscriptionView(subscription));
        return result;
    }

    // ---- credit grants ----

    synchronized Map<String, Object> createCreditGrant(Map<String, Object> input) {
        String customerId = (String) input.get("customerId");
        if (!customers.containsKey(customerId)) {
            throw new StiggError("CustomerNotFound", "Customer not found: " + customerId);
        }
        if (!currencies.contains(input.get("currencyId"))) {
            throw new StiggError("CustomCurrencyNotFound", "Custom currency not found: " + input.get("currencyId"));
        }
        Instant effective = GraphQlScalars.instant(input.get("effectiveAt")).orElse(Instant.now());
        Instant expire = GraphQlScalars.instant(input.get("expireAt")).orElse(null);
        if (expire != null && !expire.isAfter(effective)) {
            throw new StiggError("ExpireAtMustBeLaterThanEffectiveAtError", "expireAt must be later than effectiveAt");
        }
        if (((Number) input.get("amount")).doubleValue() <= 0) {
            throw new StiggError("BadUserInput", "amount must be greater than 0");
        }
        String now = Instant.now().toString();
        Map<String, Object> grant = new LinkedHashMap<>(input);
        grant.put("grantId", freshId("grant", Set.of()));
        grant.put("id", UUID.randomUUID().toString());
        grant.put("effectiveAt", input.get("effectiveAt") != null ? input.get("effectiveAt") : now);
        grant.put("createdAt", now);
        grant.put("updatedAt", now);
        grants.add(grant);
        grantsByCustomer.computeIfAbsent(customerId, c -> new ArrayList<>()).add(grant);
        return grantView(grant);
    }

    synchronized List<Map<String, Object>> creditGrants(String customerId, String currencyId, String resourceId) {
        return grantsByCustomer.getOrDefault(customerId, List.of()).stream()
                .filter(g -> currencyId == null || currencyId.equals(g.get("currencyId")))
                .filter(g -> resourceId == null || resourceId.equals(g.get("resourceId")))
                .map(this::grantView)
                .toList();
    }

    // ---- views: what GraphQL answers, with the non-null fields Stigg always fills ----

    private Map<String, Object> customerView(Map<String, Object> customer) {
        Map<String, Object> view = new LinkedHashMap<>(customer);
        long active = subscriptionsByCustomer.getOrDefault((String) customer.get("customerId"), List.of()).stream()
                .filter(s -> !"CANCELED".equals(s.get("status")) && !"EXPIRED".equals(s.get("status")))
                .count();
        view.put("hasActiveSubscription", active > 0);
        view.put("totalActiveSubscription", (double) active);
        view.put("totalActivePromotionalEntitlements", 0.0);
        view.put("hasPaymentMethod", false);
        view.put("hasActiveResource", false);
        view.put("environmentId", environmentId);
        view.put("environment", environmentView());
        return view;
    }

    private Map<String, Object> subscriptionView(Map<String, Object> subscription) {
        Map<String, Object> view = new LinkedHashMap<>(subscription);
        String planId = (String) subscription.get("planId");
        String customerId = (String) subscription.get("customerId");
        boolean paid = Boolean.TRUE.equals(plans.get(planId));
        view.put(CUSTOMER_REF, customerId);
        view.put("customerId", customers.get(customerId).get("id"));
        view.put("plan", planView(planId));
        view.put("addons", listOf(subscription.get("addons")).stream().map(a -> subscriptionAddonView(a, subscription)).toList());
        view.put("entitlements", listOf(subscription.get("entitlements")).stream()
                .map(e -> entitlementView(e, subscription)).toList());
        view.put("pricingType", paid ? "PAID" : "FREE");
        view.put("paymentCollection", "PAYMENT_PENDING".equals(subscription.get("status")) ? "ACTION_REQUIRED" : "NOT_REQUIRED");
        view.put("isCustomPriceSubscription", !listOf(subscription.get("priceOverrides")).isEmpty());
        view.put("wasInTrial", "IN_TRIAL".equals(subscription.get("status")));
        view.put("environmentId", environmentId);
        view.put("environment", environmentView());
        return view;
    }

    private Map<String, Object> planView(String planId) {
        Map<String, Object> plan = packageView("plan", planId);
        plan.put("status", unpublished.contains(planId) ? "DRAFT" : "PUBLISHED");
        plan.put("pricingType", Boolean.TRUE.equals(plans.get(planId)) ? "PAID" : "FREE");
        plan.put("isParent", false);
        plan.put("product", Map.of("id", uuid("product", slug), "refId", "product-default", "displayName", "Default product",
                "environmentId", environmentId, "isDefaultProduct", true, "status", "PUBLISHED"));
        return plan;
    }

    private Map<String, Object> subscriptionAddonView(Map<String, Object> addon, Map<String, Object> subscription) {
        String addonId = (String) addon.get("addonId");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", uuid("subscription-addon", subscription.get("id") + "/" + addonId));
        view.put("addonId", addonId);
        view.put("quantity", addon.get("quantity") == null ? 1.0 : ((Number) addon.get("quantity")).doubleValue());
        view.put("addon", packageView("addon", addonId));
        view.put("createdAt", subscription.get("createdAt"));
        view.put("updatedAt", subscription.get("createdAt"));
        return view;
    }

    private Map<String, Object> packageView(String type, String refId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", uuid(type, slug + "/" + refId));
        view.put("refId", refId);
        view.put("displayName", displayName(refId));
        view.put("status", "PUBLISHED");
        view.put("type", type.toUpperCase(Locale.ROOT));
        view.put("versionNumber", 1);
        view.put("isLatest", true);
        view.put("environmentId", environmentId);
        view.put("environment", environmentView());
        return view;
    }

    private Map<String, Object> entitlementView(Map<String, Object> entitlement, Map<String, Object> subscription) {
        Map<String, Object> credit = mapOf(entitlement.get("credit"));
        Map<String, Object> feature = mapOf(entitlement.get("feature"));
        Map<String, Object> view = new LinkedHashMap<>(credit.isEmpty() ? feature : credit);
        String ref = credit.isEmpty() ? (String) feature.get("featureId") : (String) credit.get("customCurrencyId");
        view.put("__typename", credit.isEmpty() ? "SubscriptionFeatureEntitlement" : "SubscriptionCreditEntitlement");
        view.put("id", uuid("entitlement", subscription.get("id") + "/" + ref));
        view.put("subscriptionId", subscription.get("subscriptionId"));
        view.put("environmentId", environmentId);
        if (credit.isEmpty()) {
            view.put("feature", Map.of("id", uuid("feature", slug + "/" + ref), "refId", ref, "displayName", displayName(ref),
                    "environmentId", environmentId, "featureStatus", "ACTIVE", "featureType", "NUMBER"));
        } else {
            view.put("customCurrency", Map.of("id", uuid("currency", slug + "/" + ref), "currencyId", ref,
                    "displayName", displayName(ref)));
        }
        return view;
    }

    private Map<String, Object> grantView(Map<String, Object> grant) {
        Map<String, Object> view = new LinkedHashMap<>(grant);
        view.put("status", grantStatus(grant));
        view.putIfAbsent("consumedAmount", 0.0);
        view.put("priority", grant.get("priority") != null ? grant.get("priority") : 0.0);
        view.put("paymentCollection", "NOT_REQUIRED");
        if (grant.get("cost") == null) {
            view.put("cost", Map.of("amount", 0.0, "currency", "USD"));
        }
        return view;
    }

    private static String grantStatus(Map<String, Object> grant) {
        Instant now = Instant.now();
        if (GraphQlScalars.instant(grant.get("effectiveAt")).map(now::isBefore).orElse(false)) {
            return "SCHEDULED";
        }
        return GraphQlScalars.instant(grant.get("expireAt")).map(e -> !now.isBefore(e)).orElse(false) ? "EXPIRED" : "ACTIVE";
    }

    private Map<String, Object> environmentView() {
        return Map.of("id", environmentId, "slug", slug, "displayName", slug, "type", "SANDBOX", "isSandbox", true,
                "hardenClientAccessEnabled", false);
    }

    // ---- helpers ----

    private static String firstText(Map<String, Object> input, String... keys) {
        for (String key : keys) {
            if (input.get(key) instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String freshId(String prefix, Set<String> taken) {
        String id;
        do {
            id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        } while (taken.contains(id));
        return id;
    }

    private static String uuid(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String displayName(String id) {
        String bare = id.replaceFirst("^(plan|addon|feature|cred-type)-", "");
        return bare.isEmpty() ? id : Character.toUpperCase(bare.charAt(0)) + bare.substring(1).replace('-', ' ');
    }
}
