package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.CancellationAction;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.CancellationTime;
import io.sfstigg.core.model.Revision;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields that say how an opportunity changes: its revision ({@code revision}, a whole
 * number, or {@code systemModstamp}, a date-time), when a change applies ({@code applyAt}), whether
 * a new opportunity must get its own subscription ({@code newSubscription}); and a cancellation's body.
 */
public final class OpportunityChanges {
    private static final BigDecimal MAX_REVISION = new BigDecimal("999999999999999");
    private static final String[] APPLY_AT_ALIASES = {"IMMEDIATE", "NOW", "IMMEDIATELY", "NOW",
        "END_OF_PERIOD", "END_OF_BILLING_PERIOD", "PERIOD_END", "END_OF_BILLING_PERIOD"};

    private OpportunityChanges() {}

    /** How an opportunity's provisioning body asks to be applied. */
    public record Options(Revision revision, ApplyAt applyAt, boolean newSubscription) {}

    public static Options options(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(body, errors);
        Revision revision = revision(f);
        ApplyAt applyAt = f.enumValue("applyAt", ApplyAt.class, false, APPLY_AT_ALIASES);
        boolean newSubscription = Boolean.TRUE.equals(f.bool("newSubscription"));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Options(revision, applyAt == null ? ApplyAt.NOW : applyAt, newSubscription);
    }

    private static Revision revision(Fields f) {
        if (f.has("revision") && f.has("systemModstamp")) {
            f.error("revision", "send either revision or systemModstamp, not both");
            return null;
        }
        if (f.has("revision")) {
            BigDecimal number = f.decimal("revision", true, NumberBounds.REVISION);
            if (number == null) {
                return null;
            }
            if (number.scale() > 0 || number.compareTo(MAX_REVISION) > 0) {
                f.error("revision", "must be a whole number from 0 to " + MAX_REVISION.toPlainString());
                return null;
            }
            return new Revision(number.longValueExact(), number.toPlainString());
        }
        String modstamp = f.instant("systemModstamp");
        return modstamp == null ? null : new Revision(Instant.parse(modstamp).toEpochMilli(), modstamp);
    }

    /**
     * A cancellation: when (default END_OF_BILLING_PERIOD), {@code endDate} for SPECIFIC_DATE (after
     * the clock's now), action, prorate.
     */
    public static CancellationRequest cancellation(String opportunityId, String subscriptionId, JsonNode body,
            Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(body, errors);
        f.rejectUnknown("cancellationTime", "endDate", "cancellationAction", "prorate");
        CancellationTime time = f.enumValue("cancellationTime", CancellationTime.class, false,
                "END_OF_PERIOD", "END_OF_BILLING_PERIOD", "NOW", "IMMEDIATE", "DATE", "SPECIFIC_DATE");
        String endDate = f.instant("endDate");
        CancellationAction action = f.enumValue("cancellationAction", CancellationAction.class, false);
        Boolean prorate = f.bool("prorate");
        if (time == null) {
            time = endDate != null ? CancellationTime.SPECIFIC_DATE : CancellationTime.END_OF_BILLING_PERIOD;
        }
        if (time == CancellationTime.SPECIFIC_DATE && endDate == null && !f.has("endDate")) {
            f.error("endDate", "is required when cancellationTime is SPECIFIC_DATE");
        }
        if (time != CancellationTime.SPECIFIC_DATE && endDate != null) {
            f.error("endDate", "is only used with cancellationTime SPECIFIC_DATE, not " + time);
        }
        if (endDate != null && !Instant.parse(endDate).isAfter(clock.instant())) {
            f.error("endDate", "must be in the future, got " + endDate);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CancellationRequest(opportunityId, subscriptionId, null, time, endDate, action, prorate);
    }
}
