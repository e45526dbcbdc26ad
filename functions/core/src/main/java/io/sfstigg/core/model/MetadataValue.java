package io.sfstigg.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One metadata value, a customer's from Salesforce or Stigg's {@code additionalMetaData}: text, a
 * whole number, a decimal or a boolean, written back as the JSON type it was read as (a whole
 * number stays a whole number, so {@code 1000} is never written {@code 1E+3}).
 */
public final class MetadataValue {
    private final Serializable value;

    private MetadataValue(Serializable value) {
        this.value = Objects.requireNonNull(value);
    }

    public static MetadataValue of(String text) {
        return new MetadataValue(text);
    }

    public static MetadataValue of(BigDecimal number) {
        return new MetadataValue(number);
    }

    public static MetadataValue of(BigInteger number) {
        return new MetadataValue(number);
    }

    public static MetadataValue of(boolean flag) {
        return new MetadataValue(flag);
    }

    /** A value as JSON reads it: a string, an integer, a decimal or a boolean; anything else is refused. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MetadataValue read(Object json) {
        if (json instanceof String text) {
            return of(text);
        }
        if (json instanceof Boolean flag) {
            return of(flag.booleanValue());
        }
        if (json instanceof BigDecimal decimal) {
            return of(decimal);
        }
        if (json instanceof BigInteger whole) {
            return of(whole);
        }
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
            return of(BigInteger.valueOf(((Number) json).longValue()));
        }
        if (json instanceof Number number) {
            return of(new BigDecimal(number.toString()));
        }
        throw new IllegalArgumentException("a metadata value is a string, a number or a boolean, not "
                + (json == null ? "null" : json.getClass().getSimpleName()));
    }

    @JsonValue
    private Serializable json() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetadataValue that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
