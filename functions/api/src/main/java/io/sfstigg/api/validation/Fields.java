package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.model.MetadataValue;
import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.SalesforceId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object, liberal where the meaning is clear (enum labels in any
 * case, 15-character ids, dates with or without time, numbers as strings) and collecting a
 * {@link FieldError} for every field that is not. Nested objects and list items share the
 * error list, with paths such as {@code addons[1].quantity}.
 */
public final class Fields {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern STIGG_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:@|-]{0,254}$");
    private static final int MAX_TEXT = 1000;
    static final int MAX_ERRORS = 100;

    private final ObjectNode node;
    private final String path;
    private final List<FieldError> errors;

    private Fields(ObjectNode node, String path, List<FieldError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /**
     * The top-level reader; a body that is not a JSON object is one error, and so is every string
     * or field name holding characters the stores cannot carry ({@link Text}).
     */
    public static Fields of(JsonNode body, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("$", "the body must be a JSON object"));
            return new Fields(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "", errors);
        }
        Text.checkCharacters(body, "", errors);
        return new Fields((ObjectNode) body, "", errors);
    }

    public String path(String name) {
        String shown = Text.fieldName(name);
        return path.isEmpty() ? shown : path + "." + shown;
    }

    /** Records a problem; past {@link #MAX_ERRORS}, only that there are more (a hostile body can have thousands). */
    public void error(String name, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(path(name), message));
        } else if (errors.size() == MAX_ERRORS) {
            errors.add(new FieldError("$", "more problems were found; the first " + MAX_ERRORS + " are listed"));
        }
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isBlank());
    }

    /** Every field that is not in {@code known} is an error: a misspelt optional field would be lost. */
    public void rejectUnknown(String... known) {
        Set<String> allowed = Set.of(known);
        int unknown = 0;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && unknown++ < Text.MAX_CHARACTER_ERRORS) {
                error(name, "unknown field; expected one of " + Arrays.stream(known).sorted().toList());
            }
        }
        if (unknown > Text.MAX_CHARACTER_ERRORS) {
            errors.add(new FieldError(path.isEmpty() ? "$" : path, (unknown - Text.MAX_CHARACTER_ERRORS)
                    + " more unknown fields"));
        }
    }

    public String requiredText(String name) {
        if (!has(name)) {
            error(name, "is required");
            return null;
        }
        return text(name);
    }

    public String text(String name) {
        JsonNode value = node.get(name);
        if (!has(name)) {
            return null;
        }
        if (!value.isValueNode() || value.isBinary()) {
            error(name, "must be a string");
            return null;
        }
        String text = value.asText().trim();
        if (text.length() > MAX_TEXT) {
            error(name, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return text;
    }

    /** A Stigg entity id (customer, plan, add-on, feature, currency): no spaces, 1 to 255 characters. */
    public String stiggId(String name, boolean required) {
        String text = required ? requiredText(name) : text(name);
        if (text != null && !STIGG_ID.matcher(text).matches()) {
            error(name, "must be a Stigg id: letters, digits and - _ . : @ |, at most 255 characters, got '"
                    + abbreviate(text) + "'");
            return null;
        }
        return text;
    }

    /** A 15- or 18-character Salesforce id, returned in its 18-character form. */
    public String salesforceId(String name, boolean required) {
        String text = required ? requiredText(name) : text(name);
        if (text == null) {
            return null;
        }
        return SalesforceId.to18(text).orElseGet(() -> {
            error(name, "must be a 15- or 18-character Salesforce id, got '" + abbreviate(text) + "'");
            return null;
        });
    }

    /** A Salesforce id of one object, by its key prefix ({@code 001} Account...), in its 18-character form. */
    public String salesforceId(String name, boolean required, SalesforceId.KeyPrefix object) {
        String id = salesforceId(name, required);
        if (id != null && !object.matches(id)) {
            error(name, "must be " + object.description() + " id (it starts with " + object.prefix() + "), got '"
                    + abbreviate(id) + "'");
            return null;
        }
        return id;
    }

    public String email(String name) {
        String text = text(name);
        if (text != null && !EMAIL.matcher(text).matches()) {
            error(name, "must be an e-mail address, got '" + abbreviate(text) + "'");
            return null;
        }
        return text;
    }

    /**
     * An enum by name or Salesforce picklist label: any case, spaces and hyphens as underscores,
     * plus the given aliases ("annual" for ANNUALLY...).
     */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required, String... aliases) {
        String text = required ? requiredText(name) : text(name);
        if (text == null) {
            return null;
        }
        String key = text.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(key)) {
                return constant;
            }
        }
        for (int i = 0; i + 1 < aliases.length; i += 2) {
            if (aliases[i].equals(key)) {
                return Enum.valueOf(type, aliases[i + 1]);
            }
        }
        error(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()
                + ", got '" + abbreviate(text) + "'");
        return null;
    }

    public Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
        }
        error(name, "must be true or false");
        return null;
    }

    /**
     * A number (or numeric string) within the bounds of its kind ({@link NumberBounds}), checked on
     * its text before it is built.
     */
    public BigDecimal decimal(String name, boolean required, NumberBounds bounds) {
        if (!has(name)) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        JsonNode value = node.get(name);
        String text = value.isNumber() ? numberText(value) : value.isTextual() ? value.asText() : null;
        if (text == null) {
            error(name, "must be a number");
            return null;
        }
        NumberBounds.Result parsed = bounds.parse(text);
        if (parsed.refusal() != null) {
            error(name, parsed.refusal());
            return null;
        }
        return parsed.value();
    }

    /** A whole number within the bounds of its kind (whose scale is 0). */
    public Integer whole(String name, boolean required, NumberBounds bounds) {
        BigDecimal number = decimal(name, required, bounds);
        if (number == null) {
            return null;
        }
        if (number.scale() > 0) {
            error(name, "must be a whole number, got " + number.toPlainString());
            return null;
        }
        return number.intValueExact();
    }

    /** The text of a JSON number: short for every number the reader builds (its literals are bounded). */
    static String numberText(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue().toString();
        }
        if (value.isFloatingPointNumber()) {
            double d = value.doubleValue();
            return Double.isFinite(d) ? Double.toString(d) : "NaN";
        }
        return value.bigIntegerValue().toString();
    }

    /** A date ({@code YYYY-MM-DD}, taken as midnight UTC) or ISO-8601 date-time, as an ISO instant. */
    public String instant(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        Instant parsed = parseInstant(text);
        if (parsed == null) {
            error(name, "must be a date (YYYY-MM-DD) or an ISO-8601 date-time, got '" + abbreviate(text) + "'");
            return null;
        }
        return parsed.toString();
    }

    static Instant parseInstant(String text) {
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a plain date; try the date-time forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset; try a local date-time as UTC
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public String currency(String name, boolean required, String fallback) {
        String text = required && fallback == null ? requiredText(name) : text(name);
        if (text == null) {
            return fallback;
        }
        String code = text.toUpperCase(Locale.ROOT);
        try {
            if (code.length() == 3) {
                return Currency.getInstance(code).getCurrencyCode();
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        error(name, "must be an ISO 4217 currency code such as USD, got '" + abbreviate(text) + "'");
        return null;
    }

    /** {@code {amount, currencyCode}}; the currency falls back to the tenant's default currency. */
    public Money money(String name, boolean required, String defaultCurrency) {
        Fields money = object(name, required);
        if (money == null) {
            return null;
        }
        money.rejectUnknown("amount", "currencyCode");
        BigDecimal amount = money.decimal("amount", true, NumberBounds.MONEY);
        String currency = money.currency("currencyCode", true, defaultCurrency);
        return amount == null || currency == null ? null : new Money(amount, currency);
    }

    public Fields object(String name, boolean required) {
        if (!has(name)) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            error(name, "must be an object");
            return null;
        }
        return new Fields((ObjectNode) value, path(name), errors);
    }

    /** A JSON object of string, number or boolean values (Stigg metadata). */
    public Map<String, MetadataValue> flatObject(String name) {
        Fields object = object(name, false);
        if (object == null) {
            return null;
        }
        Map<String, MetadataValue> values = new LinkedHashMap<>();
        object.node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                object.error(entry.getKey(), "metadata values must be strings, numbers or booleans");
            } else if (value.isNumber()) {
                String refusal = NumberBounds.METADATA.parse(numberText(value)).refusal();
                if (refusal != null) {
                    object.error(entry.getKey(), refusal);
                } else {
                    values.put(entry.getKey(), value.isIntegralNumber() ? MetadataValue.of(value.bigIntegerValue())
                            : MetadataValue.of(value.decimalValue()));
                }
            } else {
                values.put(entry.getKey(), value.isBoolean() ? MetadataValue.of(value.booleanValue())
                        : MetadataValue.of(value.asText()));
            }
        });
        return values;
    }

    /** Each item of a list, read by {@code reader}; items that fail are left out (their errors are recorded). */
    public <T> List<T> list(String name, int maxItems, Function<Fields, T> reader) {
        List<T> items = new ArrayList<>();
        if (!has(name)) {
            return items;
        }
        JsonNode value = node.get(name);
        if (!value.isArray()) {
            error(name, "must be a list");
            return items;
        }
        if (value.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items, got " + value.size());
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = path(name) + "[" + i + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(itemPath, "must be an object"));
                continue;
            }
            int before = errors.size();
            T read = reader.apply(new Fields((ObjectNode) item, itemPath, errors));
            if (read != null && errors.size() == before) {
                items.add(read);
            }
        }
        return items;
    }

    private static String abbreviate(String text) {
        return Text.quote(text);
    }
}
