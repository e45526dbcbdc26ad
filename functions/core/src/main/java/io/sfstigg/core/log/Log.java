package io.sfstigg.core.log;

import io.sfstigg.core.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Structured logging: one JSON object per line through java.util.logging (stderr in Lambda,
 * which CloudWatch collects). Callers pass fields, never secrets: keys and tokens are not
 * fields of anything that is logged.
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

    public void info(String message, Object... keyValues) {
        emit(Level.INFO, message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        emit(Level.WARNING, message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        emit(Level.SEVERE, message, error, keyValues);
    }

    private void emit(Level level, String message, Throwable error, Object... keyValues) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level == Level.SEVERE ? "ERROR" : level == Level.WARNING ? "WARN" : "INFO");
        line.put("logger", logger.getName());
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", shortened(String.valueOf(error.getMessage())));
            putCause(line, error);
        }
        logger.log(level, Json.write(line));
    }

    /** The root cause's type, and an AWS error's code, request id and status, wherever it is in the chain. */
    private static void putCause(Map<String, Object> line, Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
            if (root instanceof AwsServiceException aws && !line.containsKey("awsErrorCode")) {
                line.put("awsErrorCode", aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode());
                line.put("awsRequestId", aws.requestId());
                line.put("awsStatusCode", aws.statusCode());
            }
        }
        if (error instanceof AwsServiceException aws) {
            line.put("awsErrorCode", aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode());
            line.put("awsRequestId", aws.requestId());
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
