package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why an attempt failed: the error code and message (never a secret), whether a retry may help,
 * and Stigg's {@code traceId} of the failed call when Stigg sent one (what Stigg support asks for).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepError(String code, String message, boolean retryable, String stiggTraceId) {

    /** An error not answered by Stigg (the worker's own, or a transport failure). */
    public StepError(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }
}
