package io.sfstigg.core.dynamo;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to write and read DynamoDB items field by field, skipping nulls. */
public final class Item {
    private final Map<String, AttributeValue> values;

    private Item(Map<String, AttributeValue> values) {
        this.values = values;
    }

    public static Item create() {
        return new Item(new HashMap<>());
    }

    public static Item of(Map<String, AttributeValue> values) {
        return new Item(values);
    }

    public Item put(String name, String value) {
        if (value != null) {
            values.put(name, AttributeValue.fromS(value));
        }
        return this;
    }

    public Item put(String name, Instant value) {
        return put(name, value == null ? null : value.toString());
    }

    public Item put(String name, long value) {
        values.put(name, AttributeValue.fromN(Long.toString(value)));
        return this;
    }

    public Item put(String name, boolean value) {
        values.put(name, AttributeValue.fromBool(value));
        return this;
    }

    public Map<String, AttributeValue> map() {
        return values;
    }

    public String text(String name) {
        AttributeValue value = values.get(name);
        return value == null ? null : value.s();
    }

    public Instant instant(String name) {
        String text = text(name);
        return text == null ? null : Instant.parse(text);
    }

    /** A time stored as epoch milliseconds (so that conditions compare numbers, not strings). */
    public Instant epochMillis(String name) {
        AttributeValue value = values.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    public long number(String name, long fallback) {
        AttributeValue value = values.get(name);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
    }

    public boolean bool(String name) {
        AttributeValue value = values.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
