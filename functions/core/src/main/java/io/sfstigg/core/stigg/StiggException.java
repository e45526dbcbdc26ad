package io.sfstigg.core.stigg;

import java.util.Set;

/**
 * A failed Stigg call: its error code ({@code extensions.code}, or a transport code such as
 * {@code HttpStatus503}, {@code Timeout}), Stigg's message, and whether a later retry may succeed.
 */
public final class StiggException extends RuntimeException {
    private static final Set<String> RETRYABLE_CODES = Set.of("RateLimitExceeded", "OperationTimeout", "UnexpectedError");

    private final String code;
    private final boolean retryable;
    private final String traceId;

    public StiggException(String code, String message, boolean retryable, String traceId) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.traceId = traceId;
    }

    public static StiggException fromGraphQl(String code, String message, String traceId) {
        String known = code == null || code.isBlank() ? "UnexpectedError" : code;
        return new StiggException(known, message, RETRYABLE_CODES.contains(known), traceId);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public String traceId() {
        return traceId;
    }

    public boolean isRateLimit() {
        return "RateLimitExceeded".equals(code);
    }
}
