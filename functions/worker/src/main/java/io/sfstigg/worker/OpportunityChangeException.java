package io.sfstigg.worker;

/**
 * A change to an opportunity's subscription that the worker does not send to Stigg now: it waits
 * for another request (retryable) or can never apply (stale, cancelled). The code is the worker's.
 */
final class OpportunityChangeException extends RuntimeException {
    private final String code;
    private final boolean retryable;

    OpportunityChangeException(String code, String message, boolean retryable) {
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
