package io.sfstigg.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.FieldError;
import io.sfstigg.core.model.ValidationException;
import io.sfstigg.core.validation.Fields;
import io.sfstigg.core.validation.NumberBounds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Stigg webhook event as the sync uses it (docs/stigg-webhooks.md: the fields read and why).
 * Stigg's events are flat: {@code type}, {@code messageId}, {@code traceId}, an optional
 * {@code timestamp}, and the entity's own fields beside them (a subscription's {@code id},
 * {@code status}, {@code plan}, {@code customer}, ...; a credit balance's {@code customer},
 * {@code creditCurrency}, {@code remainingBalance}).
 */
public record StiggEvent(
        String type,
        String messageId,
        String traceId,
        Instant timestamp,
        Kind kind,
        String entityId,
        String customerId,
        Subscription subscription,
        Credit credit) {

    public enum Kind { SUBSCRIPTION, CUSTOMER, CREDIT_BALANCE, UNKNOWN }

    /** A subscription's state as the event reports it; dates as ISO instants. */
    public record Subscription(String status, String planId, String planName, String trialEndDate,
            String cancellationDate, String endDate) {}

    /** A customer's balance in one credit currency; {@code level} LOW or DEPLETED. */
    public record Credit(String currencyId, BigDecimal remainingBalance, String level) {}

    /** The entity whose newest state is kept: one subscription, one customer, one customer's balance in one currency. */
    public String entityKey() {
        return switch (kind) {
            case SUBSCRIPTION -> "subscription#" + entityId;
            case CUSTOMER -> "customer#" + entityId;
            case CREDIT_BALANCE -> "credit#" + customerId + "#" + credit.currencyId();
            case UNKNOWN -> "unknown#" + messageId;
        };
    }

    public static Kind kindOf(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.startsWith("subscription.")) {
            return Kind.SUBSCRIPTION;
        }
        if (t.equals("customer.updated") || t.equals("customer.created")) {
            return Kind.CUSTOMER;
        }
        if (creditLevel(t) != null) {
            return Kind.CREDIT_BALANCE;
        }
        return Kind.UNKNOWN;
    }

    /** Stigg spells the balance events {@code credit_balance.low}/{@code .depleted}; older names are taken too. */
    static String creditLevel(String type) {
        return switch (type) {
            case "credit_balance.low", "credit.balance.low", "credits.balance.usage_low" -> "LOW";
            case "credit_balance.depleted", "credit.balance.depleted", "credits.balance.depleted" -> "DEPLETED";
            default -> null;
        };
    }

    /** Reads an event; every problem is reported with its field. Unknown types need only type and messageId. */
    public static StiggEvent parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(body, errors);
        String type = f.requiredText("type");
        String messageId = f.stiggId("messageId", true);
        String traceId = f.stiggId("traceId", false);
        String timestamp = f.instant("timestamp");
        if (type != null && !type.matches("[a-z_.]{1,100}")) {
            f.error("type", "must be a Stigg event type such as subscription.updated");
            type = null;
        }
        Kind kind = type == null ? Kind.UNKNOWN : kindOf(type);
        String entityId = null;
        String customerId = null;
        Subscription subscription = null;
        Credit credit = null;
        switch (kind) {
            case SUBSCRIPTION -> {
                entityId = f.stiggId("id", true);
                Fields customer = f.object("customer", false);
                customerId = customer != null ? customer.stiggId("id", false) : f.stiggId("customerId", false);
                Fields plan = f.object("plan", false);
                subscription = new Subscription(upper(f.stiggId("status", false)),
                        plan == null ? null : plan.stiggId("id", false), plan == null ? null : plan.text("name"),
                        f.instant("trialEndDate"), f.instant("cancellationDate"), f.instant("endDate"));
            }
            case CUSTOMER -> {
                entityId = f.stiggId("id", true);
                customerId = entityId;
            }
            case CREDIT_BALANCE -> {
                Fields customer = f.object("customer", true);
                customerId = customer == null ? null : customer.stiggId("id", true);
                Fields currency = f.object("creditCurrency", true);
                String currencyId = currency == null ? null : currency.stiggId("id", true);
                BigDecimal remaining = f.decimal("remainingBalance", true, NumberBounds.METADATA);
                entityId = customerId;
                if (remaining != null && remaining.scale() < 0) {
                    remaining = remaining.setScale(0);
                }
                credit = new Credit(currencyId, remaining, creditLevel(type.toLowerCase(Locale.ROOT)));
            }
            case UNKNOWN -> {
                // accepted and logged by the receiver, never applied
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new StiggEvent(type, messageId, traceId, timestamp == null ? null : Instant.parse(timestamp), kind,
                entityId, customerId, subscription, credit);
    }

    private static String upper(String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }
}
