package io.sfstigg.worker;

/** A Stigg event that could not be applied now: Salesforce's (or the sync's) code, message and retry class. */
final class SyncException extends RuntimeException {
    private final String code;
    private final boolean retryable;

    SyncException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    String code() {
        return code;
    }

    boolean retryable() {
        return retryable;
    }
}
