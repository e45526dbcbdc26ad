package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** One value of Stigg's {@code additionalMetaData}: text, a number or a boolean, sent as that JSON type. */
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

    public static MetadataValue of(boolean flag) {
        return new MetadataValue(flag);
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
