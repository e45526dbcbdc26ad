package io.sfstigg.core.model;

import java.math.BigDecimal;
import java.time.Instant;
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
        Credit credit) implements ProvisioningRequest {

    /** The customer whose entity the event is about. */
    @Override
    public String stiggCustomerId() {
        return customerId;
    }

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
    public static String creditLevel(String type) {
        return switch (type) {
            case "credit_balance.low", "credit.balance.low", "credits.balance.usage_low" -> "LOW";
            case "credit_balance.depleted", "credit.balance.depleted", "credits.balance.depleted" -> "DEPLETED";
            default -> null;
        };
    }
}
