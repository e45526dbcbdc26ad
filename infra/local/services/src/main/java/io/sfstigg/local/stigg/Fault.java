package io.sfstigg.local.stigg;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the emulator injects into a GraphQL call, in place of or on top of Stigg's answer.
 * Whether the call is applied (the mutation happens) is part of the fault: see {@link #applies()}.
 */
public record Fault(Kind kind, Duration delay, String code, String message) {

    public enum Kind {
        /** HTTP status {@code code}, nothing applied. */
        HTTP_STATUS,
        /** HTTP 200 with a GraphQL error {@code code}/{@code message}, nothing applied. */
        GRAPHQL_ERROR,
        /** Applied, answered after {@code delay}. */
        SLOW,
        /** Nothing applied, the connection closed without an answer. */
        DROP_CONNECTION,
        /** Applied, then the connection closed without an answer: Stigg's answer is lost. */
        APPLY_THEN_DROP,
        /** Applied, then HTTP 500. */
        APPLY_THEN_500
    }

    public static final Fault HTTP_500 = status(500);
    public static final Fault HTTP_502 = status(502);
    public static final Fault HTTP_503 = status(503);
    /** HTTP 429 with Stigg's {@code RateLimitExceeded} body, nothing applied. */
    public static final Fault HTTP_429 = status(429);
    public static final Fault DROP_CONNECTION = new Fault(Kind.DROP_CONNECTION, Duration.ZERO, null, null);
    public static final Fault APPLY_THEN_DROP = new Fault(Kind.APPLY_THEN_DROP, Duration.ZERO, null, null);
    public static final Fault APPLY_THEN_500 = new Fault(Kind.APPLY_THEN_500, Duration.ZERO, null, null);

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        if ((kind == Kind.HTTP_STATUS || kind == Kind.GRAPHQL_ERROR) && (code == null || code.isBlank())) {
            throw new IllegalArgumentException(kind + " needs a code");
        }
    }

    /** Any HTTP status, nothing applied (e.g. 500, 502, 503, 504, 429). */
    public static Fault status(int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        return new Fault(Kind.HTTP_STATUS, Duration.ZERO, String.valueOf(httpStatus), null);
    }

    /** The call is applied normally and answered after {@code delay}. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay, null, null);
    }

    /** HTTP 200 with {@code errors[0].extensions.code = code}; nothing applied. */
    public static Fault graphQlError(String code, String message) {
        return new Fault(Kind.GRAPHQL_ERROR, Duration.ZERO, code, message == null ? code : message);
    }

    /** True when the call still happens in Stigg (the fault only changes or loses the answer). */
    public boolean applies() {
        return kind == Kind.SLOW || kind == Kind.APPLY_THEN_DROP || kind == Kind.APPLY_THEN_500;
    }

    /** The HTTP status of {@link Kind#HTTP_STATUS}. */
    int httpStatus() {
        return Integer.parseInt(code);
    }

    /** A short name for logs and the calls list, e.g. {@code HTTP_503}, {@code SLOW_1500ms}. */
    public String label() {
        return switch (kind) {
            case HTTP_STATUS -> "HTTP_" + code;
            case GRAPHQL_ERROR -> "GRAPHQL_ERROR_" + code;
            case SLOW -> "SLOW_" + delay.toMillis() + "ms";
            default -> kind.name();
        };
    }

    /** Parses the names the HTTP control endpoint takes: HTTP_503, SLOW, GRAPHQL_ERROR, DROP_CONNECTION, ... */
    static Fault parse(String name, long delayMillis, String code, String message) {
        return switch (name) {
            case "SLOW" -> slow(Duration.ofMillis(delayMillis));
            case "GRAPHQL_ERROR" -> graphQlError(code == null ? "UnexpectedError" : code, message == null ? "injected" : message);
            case "DROP_CONNECTION" -> DROP_CONNECTION;
            case "APPLY_THEN_DROP" -> APPLY_THEN_DROP;
            case "APPLY_THEN_500" -> APPLY_THEN_500;
            default -> {
                if (name.matches("HTTP_\\d{3}")) {
                    yield status(Integer.parseInt(name.substring(5)));
                }
                throw new IllegalArgumentException("unknown fault " + name);
            }
        };
    }
}
