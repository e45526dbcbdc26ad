package io.sfstigg.local.stigg;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Permissive implementations of the schema's custom scalars: {@code DateTime} takes ISO-8601
 * strings (kept as sent), {@code JSON} takes any value, the others (UUID, ConnectionCursor, ...)
 * take strings.
 */
final class GraphQlScalars {
    private GraphQlScalars() {}

    static GraphQLScalarType of(String name) {
        Coercing<Object, Object> coercing = switch (name) {
            case "JSON" -> new Permissive(true);
            case "DateTime" -> new DateTime();
            default -> new Permissive(false);
        };
        return GraphQLScalarType.newScalar().name(name).coercing(coercing).build();
    }

    /** An ISO-8601 instant, offset date-time, local date-time (UTC) or date (start of day, UTC). */
    static Optional<Instant> instant(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    /** Values as sent; {@code json} also takes objects and lists, the others only scalars. */
    private record Permissive(boolean json) implements Coercing<Object, Object> {
        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object value, GraphQLContext context, Locale locale) {
            if (!json && (value instanceof Map || value instanceof Iterable)) {
                throw new CoercingParseValueException("expected a scalar value");
            }
            return value;
        }

        @Override
        public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (!json && (literal instanceof ObjectValue || literal instanceof ArrayValue)) {
                throw new CoercingParseLiteralException("expected a scalar value");
            }
            return plain(literal, variables);
        }
    }

    private static final class DateTime implements Coercing<Object, Object> {
        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value instanceof Instant instant ? instant.toString() : value;
        }

        @Override
        public Object parseValue(Object value, GraphQLContext context, Locale locale) {
            if (instant(value).isEmpty()) {
                throw new CoercingParseValueException("DateTime must be an ISO-8601 string, got: " + value);
            }
            return value;
        }

        @Override
        public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (!(literal instanceof StringValue text) || instant(text.getValue()).isEmpty()) {
                throw new CoercingParseLiteralException("DateTime must be an ISO-8601 string");
            }
            return text.getValue();
        }
    }

    private static Object plain(Value<?> value, CoercedVariables variables) {
        if (value instanceof VariableReference reference) {
            return variables.get(reference.getName());
        }
        if (value instanceof StringValue s) {
            return s.getValue();
        }
        if (value instanceof IntValue i) {
            return i.getValue().intValue();
        }
        if (value instanceof FloatValue f) {
            return f.getValue().doubleValue();
        }
        if (value instanceof BooleanValue b) {
            return b.isValue();
        }
        if (value instanceof ArrayValue a) {
            return a.getValues().stream().map(v -> plain(v, variables)).toList();
        }
        if (value instanceof ObjectValue o) {
            Map<String, Object> map = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> map.put(f.getName(), plain(f.getValue(), variables)));
            return map;
        }
        return null;
    }
}
