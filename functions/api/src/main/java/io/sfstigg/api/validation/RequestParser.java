package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.BillingPeriod;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.GrantType;
import io.sfstigg.core.model.PaymentCollectionMethod;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.model.SubscriptionRequest.CreditEntitlement;
import io.sfstigg.core.model.SubscriptionRequest.FeatureEntitlement;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Turns the JSON bodies of the provisioning routes into validated, normalised requests. */
public final class RequestParser {
    static final String[] BILLING_ALIASES = {
        "MONTH", "MONTHLY", "ANNUAL", "ANNUALLY", "YEARLY", "ANNUALLY", "YEAR", "ANNUALLY"};
    static final String[] CADENCE_ALIASES = {"MONTHLY", "MONTH", "YEARLY", "YEAR", "ANNUALLY", "YEAR", "ANNUAL", "YEAR"};
    static final String[] COLLECTION_ALIASES = {"CHARGE", "PAYMENT_METHOD_ON_FILE", "CARD", "PAYMENT_METHOD_ON_FILE"};
    private static final int MAX_ITEMS = 100;

    private final String defaultCurrency;
    private final Clock clock;

    /**
     * {@code defaultCurrency}: the tenant's, used where a price names no currency (may be null);
     * {@code clock}: "now", for a credit grant's expiry without an effective date.
     */
    public RequestParser(String defaultCurrency, Clock clock) {
        this.defaultCurrency = defaultCurrency;
        this.clock = clock;
    }

    public String defaultCurrency() {
        return defaultCurrency;
    }

    public CustomerRequest customer(JsonNode body) {
        return parse(body, f -> {
            f.rejectUnknown("salesforceAccountId", "stiggCustomerId", "name", "email", "metadata");
            String accountId = f.salesforceId("salesforceAccountId", true, SalesforceId.KeyPrefix.ACCOUNT);
            String customerId = f.stiggId("stiggCustomerId", false);
            return new CustomerRequest(accountId, customerId != null ? customerId : accountId,
                    f.text("name"), f.email("email"), f.flatObject("metadata"));
        });
    }

    public SubscriptionRequest subscription(JsonNode body) {
        return parse(body, f -> {
            f.rejectUnknown("salesforceAccountId", "stiggCustomerId", "customerEmail", "customerName",
                    "salesforceOpportunityId", "planId", "planBaseChargeOverride", "addons", "entitlements",
                    "billingPeriod", "paymentCollectionMethod", "trial", "trialEndDate", "startDate", "resourceId",
                    "creditEntitlements");
            String accountId = f.salesforceId("salesforceAccountId", false, SalesforceId.KeyPrefix.ACCOUNT);
            String customerId = f.stiggId("stiggCustomerId", false);
            if (!f.has("salesforceAccountId") && !f.has("stiggCustomerId")) {
                f.error("stiggCustomerId", "is required when salesforceAccountId is not given");
            }
            boolean trial = Boolean.TRUE.equals(f.bool("trial"));
            String trialEnd = f.instant("trialEndDate");
            String start = f.instant("startDate");
            checkTrial(f, trial, trialEnd, start);
            return new SubscriptionRequest(
                    accountId,
                    customerId != null ? customerId : accountId,
                    f.email("customerEmail"),
                    f.text("customerName"),
                    f.salesforceId("salesforceOpportunityId", false, SalesforceId.KeyPrefix.OPPORTUNITY),
                    f.stiggId("planId", true),
                    f.money("planBaseChargeOverride", false, defaultCurrency),
                    addons(f),
                    entitlements(f),
                    f.enumValue("billingPeriod", BillingPeriod.class, false, BILLING_ALIASES),
                    f.enumValue("paymentCollectionMethod", PaymentCollectionMethod.class, false, COLLECTION_ALIASES),
                    trial,
                    trialEnd,
                    start,
                    f.text("resourceId"),
                    creditEntitlements(f));
        });
    }

    public CreditGrantRequest creditGrant(JsonNode body) {
        return parse(body, f -> {
            f.rejectUnknown("stiggCustomerId", "grantType", "currencyId", "displayName", "amount", "resourceId",
                    "comment", "effectiveDate", "expirationDate", "priority", "paymentCollectionMethod", "cost");
            String effective = f.instant("effectiveDate");
            String expiration = f.instant("expirationDate");
            if (expiration != null) {
                Instant from = effective != null ? Instant.parse(effective) : clock.instant();
                if (!Instant.parse(expiration).isAfter(from)) {
                    f.error("expirationDate", effective != null
                            ? "must be after effectiveDate (" + effective + ")" : "must be in the future");
                }
            }
            return new CreditGrantRequest(
                    f.stiggId("stiggCustomerId", true),
                    f.enumValue("grantType", GrantType.class, true),
                    f.stiggId("currencyId", true),
                    f.requiredText("displayName"),
                    f.decimal("amount", true, NumberBounds.CREDITS),
                    f.text("resourceId"),
                    f.text("comment"),
                    effective,
                    expiration,
                    f.decimal("priority", false, NumberBounds.PRIORITY),
                    f.enumValue("paymentCollectionMethod", PaymentCollectionMethod.class, false, COLLECTION_ALIASES),
                    f.money("cost", false, defaultCurrency));
        });
    }

    static void checkTrial(Fields f, boolean trial, String trialEnd, String start) {
        if (trialEnd == null) {
            return;
        }
        if (!trial) {
            f.error("trialEndDate", "is only allowed with trial: true");
        } else if (start != null && !Instant.parse(trialEnd).isAfter(Instant.parse(start))) {
            f.error("trialEndDate", "must be after startDate (" + start + ")");
        }
    }

    private static List<AddonLine> addons(Fields f) {
        List<AddonLine> addons = f.list("addons", MAX_ITEMS, item -> {
            item.rejectUnknown("addonId", "quantity");
            String id = item.stiggId("addonId", true);
            Integer quantity = item.has("quantity") ? item.whole("quantity", true, NumberBounds.ADDON_QUANTITY) : Integer.valueOf(1);
            return id == null || quantity == null ? null : new AddonLine(id, quantity);
        });
        rejectRepeats(f, "addons", addons.stream().map(AddonLine::addonId).toList());
        return addons;
    }

    private static List<FeatureEntitlement> entitlements(Fields f) {
        List<FeatureEntitlement> entitlements = f.list("entitlements", MAX_ITEMS, item -> {
            item.rejectUnknown("featureId", "usageLimit");
            String id = item.stiggId("featureId", true);
            BigDecimal limit = item.decimal("usageLimit", false, NumberBounds.USAGE_LIMIT);
            return id == null ? null : new FeatureEntitlement(id, limit);
        });
        rejectRepeats(f, "entitlements", entitlements.stream().map(FeatureEntitlement::featureId).toList());
        return entitlements;
    }

    private List<CreditEntitlement> creditEntitlements(Fields f) {
        return f.list("creditEntitlements", MAX_ITEMS, item -> {
            item.rejectUnknown("customCurrencyId", "amount", "cadence", "priceOverride");
            String id = item.stiggId("customCurrencyId", true);
            BigDecimal amount = item.decimal("amount", true, NumberBounds.CREDITS);
            CreditCadence cadence = item.has("cadence")
                    ? item.enumValue("cadence", CreditCadence.class, true, CADENCE_ALIASES) : CreditCadence.MONTH;
            var price = item.money("priceOverride", false, defaultCurrency);
            return id == null || amount == null || cadence == null ? null
                    : new CreditEntitlement(id, amount, cadence, price);
        });
    }

    static void rejectRepeats(Fields f, String name, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                f.error(name, "lists '" + Text.quote(id) + "' more than once");
            }
        }
    }

    private static <T> T parse(JsonNode body, Function<Fields, T> reader) {
        List<FieldError> errors = new ArrayList<>();
        Fields fields = Fields.of(body, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        T request = reader.apply(fields);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return request;
    }
}
