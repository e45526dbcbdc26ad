package io.sfstigg.core.dynamo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An UpdateItem expression built attribute by attribute, touching only the attributes named: every
 * name and value goes through a placeholder, so reserved words such as {@code name} are safe.
 */
public final class Update {
    private final List<String> set = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    /** Sets the attribute, or removes it when {@code value} is null. */
    public Update setOrRemove(String attribute, AttributeValue value) {
        if (value == null) {
            remove.add(name(attribute));
        } else {
            set.add(name(attribute) + " = " + value(value));
        }
        return this;
    }

    public Update setOrRemove(String attribute, String value) {
        return setOrRemove(attribute, value == null ? null : Item.s(value));
    }

    public Update setOrRemove(String attribute, Instant value) {
        return setOrRemove(attribute, value == null ? null : value.toString());
    }

    public Update setOrRemove(String attribute, Integer value) {
        return setOrRemove(attribute, value == null ? null : Item.n(value));
    }

    public Update set(String attribute, boolean value) {
        return setOrRemove(attribute, AttributeValue.fromBool(value));
    }

    /** Adds one to a number attribute, counting from zero when the item has none yet. */
    public Update increment(String attribute) {
        String name = name(attribute);
        set.add(name + " = if_not_exists(" + name + ", " + value(Item.n(0)) + ") + " + value(Item.n(1)));
        return this;
    }

    public String expression() {
        if (set.isEmpty() && remove.isEmpty()) {
            throw new IllegalStateException("an update must change at least one attribute");
        }
        StringBuilder expression = new StringBuilder();
        if (!set.isEmpty()) {
            expression.append("SET ").append(String.join(", ", set));
        }
        if (!remove.isEmpty()) {
            expression.append(expression.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", remove));
        }
        return expression.toString();
    }

    public Map<String, String> names() {
        return Map.copyOf(names);
    }

    public Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }

    private String name(String attribute) {
        if (names.containsValue(attribute)) {
            throw new IllegalArgumentException("attribute " + attribute + " is updated twice");
        }
        String placeholder = "#a" + names.size();
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }
}
