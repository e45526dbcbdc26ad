package io.sfstigg.worker;

/**
 * A Stigg event that could not be applied now: Salesforce's (or the sync's, or Stigg's) code,
 * message and retry class, and Stigg's {@code traceId} when Stigg's answer was the cause.
 */
final class SyncException extends RuntimeException {
    private final String code;
    private final boolean retryable;
    private final String stiggTraceId;

    SyncException(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    SyncException(String code, String message, boolean retryable, String stiggTraceId) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.stiggTraceId = stiggTraceId;
    }

    String code() {
        return code;
    }

    boolean retryable() {
        return retryable;
    }

    String stiggTraceId() {
        return stiggTraceId;
    }
}
