package io.sfstigg.core.log;

import io.sfstigg.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Structured logging: one JSON object per line through java.util.logging (stderr in Lambda,
 * which CloudWatch collects). Fields are typed pairs ({@link #kv}), so none can go missing; a
 * field whose key the line already has is kept under {@code field.<key>}. Every line written
 * during an invocation carries its {@code awsRequestId} and {@code coldStart} ({@link LogContext}).
 * Callers pass fields, never secrets: keys and tokens are not fields of anything that is logged.
 */
public final class Log {
    private final Logger logger;

    private Log(String name) {
        this.logger = Logger.getLogger(name);
    }

    public static Log of(Class<?> type) {
        JsonLogFormatter.installOnce();
        return new Log(type.getName());
    }

    /** One or more fields of a log line. */
    public sealed interface Fields permits Field, FieldGroup {
    }

    /** A key and its value (which may be null). */
    public record Field(String key, Object value) implements Fields {
        public Field {
            Objects.requireNonNull(key, "a log field needs a key");
        }
    }

    /** Fields that travel together, such as those naming a request. */
    public record FieldGroup(List<Field> fields) implements Fields {
        public FieldGroup {
            fields = List.copyOf(fields);
        }
    }

    public static Field kv(String key, Object value) {
        return new Field(key, value);
    }

    /** The fields as one, in order (groups among them flattened). */
    public static Fields group(Fields... parts) {
        return new FieldGroup(flatten(parts));
    }

    private static List<Field> flatten(Fields... parts) {
        List<Field> all = new ArrayList<>();
        for (Fields part : parts) {
            if (part instanceof Field field) {
                all.add(field);
            } else if (part instanceof FieldGroup group) {
                all.addAll(group.fields());
            }
        }
        return all;
    }

    public void info(String message, Fields... fields) {
        emit(Level.INFO, message, null, fields);
    }

    public void warn(String message, Fields... fields) {
        emit(Level.WARNING, message, null, fields);
    }

    public void error(String message, Throwable error, Fields... fields) {
        emit(Level.SEVERE, message, error, fields);
    }

    private void emit(Level level, String message, Throwable error, Fields... fields) {
        if (logger.isLoggable(level)) {
            logger.log(level, Json.write(line(level, message, error, fields)));
        }
    }

    private Map<String, Object> line(Level level, String message, Throwable error, Fields... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level == Level.SEVERE ? "ERROR" : level == Level.WARNING ? "WARN" : "INFO");
        line.put("logger", logger.getName());
        line.put("message", message);
        LogContext.current().ifPresent(invocation -> {
            line.put("awsRequestId", invocation.awsRequestId());
            line.put("coldStart", invocation.coldStart());
        });
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", shortened(String.valueOf(error.getMessage())));
            putCause(line, error);
        }
        for (Field field : flatten(fields)) {
            put(line, field);
        }
        return line;
    }

    private static void put(Map<String, Object> line, Field field) {
        String key = field.key();
        while (line.containsKey(key)) {
            key = "field." + key;
        }
        line.put(key, field.value());
    }

    /** The root cause's type, and an AWS error's code, request id and status, wherever it is in the chain. */
    private static void putCause(Map<String, Object> line, Throwable error) {
        Throwable root = error;
        AwsServiceException aws = error instanceof AwsServiceException top ? top : null;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
            if (aws == null && root instanceof AwsServiceException inner) {
                aws = inner;
            }
        }
        if (aws != null) {
            line.put("awsErrorCode", aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode());
            line.put("awsErrorRequestId", aws.requestId());
            line.put("awsStatusCode", aws.statusCode());
        }
        if (root != error) {
            line.put("causeType", root.getClass().getName());
            line.put("causeMessage", shortened(String.valueOf(root.getMessage())));
        }
    }

    private static String shortened(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }
}
