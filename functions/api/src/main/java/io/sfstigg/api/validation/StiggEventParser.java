package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.StiggEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a Stigg webhook body into a {@link StiggEvent} (docs/stigg-webhooks.md: the fields read and why). */
public final class StiggEventParser {
    private StiggEventParser() {}

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
        StiggEvent.Kind kind = type == null ? StiggEvent.Kind.UNKNOWN : StiggEvent.kindOf(type);
        String entityId = null;
        String customerId = null;
        StiggEvent.Subscription subscription = null;
        StiggEvent.Credit credit = null;
        switch (kind) {
            case SUBSCRIPTION -> {
                entityId = f.stiggId("id", true);
                Fields customer = f.object("customer", false);
                customerId = customer != null ? customer.stiggId("id", false) : f.stiggId("customerId", false);
                Fields plan = f.object("plan", false);
                subscription = new StiggEvent.Subscription(upper(f.stiggId("status", false)),
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
                credit = new StiggEvent.Credit(currencyId, remaining, StiggEvent.creditLevel(type.toLowerCase(Locale.ROOT)));
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
