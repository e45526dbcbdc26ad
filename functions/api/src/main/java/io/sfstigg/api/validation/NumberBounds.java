package io.sfstigg.api.validation;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of what a number from outside may be, per field kind (docs/api.md repeats it):
 * digits before the decimal point, digits after it, and the smallest value. A number is checked
 * on its text, before a {@link BigDecimal} is built from it, so an exponent such as
 * {@code 1e-200000000} costs nothing and never reaches arithmetic or {@code toPlainString()}.
 */
public enum NumberBounds {
    /** Prices and costs: Salesforce currency fields hold at most 18 digits; Stigg prices are floats. */
    MONEY(12, 6, BigDecimal.ZERO, true),
    /** Credit amounts (grants, credit entitlements): more than zero. */
    CREDITS(12, 6, BigDecimal.ZERO, false),
    /** Line-item quantities (Salesforce Quantity: 10 digits, 2 after the point by default); zero or less is a mapping error. */
    QUANTITY(9, 4, null, true),
    /** Add-on quantities: whole, at least 1, within a 32-bit integer. */
    ADDON_QUANTITY(9, 0, BigDecimal.ONE, true),
    /** Feature usage limits. */
    USAGE_LIMIT(15, 4, BigDecimal.ZERO, true),
    /** Credit grant priority. */
    PRIORITY(9, 4, BigDecimal.ZERO, true),
    /** An org's limits (requests a second, concurrent waits): whole, at least 0. */
    ORG_LIMIT(5, 0, BigDecimal.ZERO, true),
    /** An org's Stigg limits (calls a minute): whole, at least 1. */
    STIGG_LIMIT(6, 0, BigDecimal.ONE, true),
    /** An opportunity's revision: whole, 0 to 15 digits. */
    REVISION(15, 0, BigDecimal.ZERO, true),
    /** Number values in customer metadata (no minimum). */
    METADATA(18, 10, null, true);

    /** Longest numeric text read at all (sign, digits, point, exponent); longer is refused unread. */
    public static final int MAX_TEXT = 40;
    /** Longest number literal the JSON reader takes (StreamReadConstraints); every bounded number is shorter. */
    public static final int MAX_LITERAL = 100;
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d{1,9}))?");

    private final int integerDigits;
    private final int scale;
    private final BigDecimal min;
    private final boolean minInclusive;

    NumberBounds(int integerDigits, int scale, BigDecimal min, boolean minInclusive) {
        this.integerDigits = integerDigits;
        this.scale = scale;
        this.min = min;
        this.minInclusive = minInclusive;
    }

    public int integerDigits() {
        return integerDigits;
    }

    public int scale() {
        return scale;
    }

    /** The number the text means, or the reason it is refused (a short message without the input). */
    public Result parse(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT) {
            return Result.refused("must be a number of at most " + MAX_TEXT + " characters");
        }
        Matcher m = NUMBER.matcher(trimmed);
        if (!m.matches() || (m.group(2).isEmpty() && (m.group(3) == null || m.group(3).isEmpty()))) {
            return Result.refused("must be a number");
        }
        String digits = m.group(2) + (m.group(3) == null ? "" : m.group(3));
        long exponent = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (first < digits.length()) {
            int last = digits.length();
            while (digits.charAt(last - 1) == '0') {
                last--;
            }
            long fraction = (m.group(3) == null ? 0 : m.group(3).length()) - exponent;
            long significantScale = fraction - (digits.length() - last);
            long integerPart = (last - first) - significantScale;
            if (significantScale > scale || integerPart > integerDigits) {
                return Result.refused(shape());
            }
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (min != null) {
            int compared = value.compareTo(min);
            if (compared < 0 || (!minInclusive && compared == 0)) {
                return Result.refused("must be " + (minInclusive ? "at least " : "greater than ") + min.toPlainString()
                        + ", got " + value.stripTrailingZeros().toPlainString());
            }
        }
        return Result.of(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
    }

    /** What the kind allows, in words. */
    public String shape() {
        return scale == 0
                ? "must be a whole number of at most " + integerDigits + " digits"
                : "must have at most " + integerDigits + " digits before the decimal point and " + scale + " after it";
    }

    /** A parsed number, or why it was refused. */
    public record Result(BigDecimal value, String refusal) {
        static Result of(BigDecimal value) {
            return new Result(value, null);
        }

        static Result refused(String message) {
            return new Result(null, message);
        }

        public Optional<BigDecimal> number() {
            return Optional.ofNullable(value);
        }
    }
}
