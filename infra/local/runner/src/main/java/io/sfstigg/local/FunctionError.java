package io.sfstigg.local;

/** A failed invocation as Lambda reports it: an error type and message (a function error, a timeout, an exit). */
public final class FunctionError extends RuntimeException {
    private final String errorType;
    private final String errorMessage;

    FunctionError(String function, String errorType, String errorMessage) {
        super(function + " failed: " + errorType + ": " + errorMessage, null, false, false);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }
}
