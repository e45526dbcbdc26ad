package io.sfstigg.core.stigg;

/**
 * A failed Stigg call: its typed code, the code as reported ({@code extensions.code}, or a
 * transport code such as {@code HttpStatus503}, {@code Timeout}), Stigg's message, and Stigg's
 * {@code traceId} when Stigg sent one (what Stigg support asks for).
 */
public final class StiggException extends RuntimeException {
    private final StiggErrorCode code;
    private final String reportedCode;
    private final String traceId;

    public StiggException(StiggErrorCode code, String reportedCode, String message, String traceId) {
        super(message);
        this.code = code;
        this.reportedCode = reportedCode != null ? reportedCode : code.code() != null ? code.code() : code.name();
        this.traceId = traceId;
    }

    public StiggException(StiggErrorCode code, String message, String traceId) {
        this(code, null, message, traceId);
    }

    /** A GraphQL error as Stigg sent it; one without a code is Stigg's {@code UnexpectedError}. */
    public static StiggException fromGraphQl(String code, String message, String traceId) {
        if (code == null || code.isBlank()) {
            return new StiggException(StiggErrorCode.UNEXPECTED_ERROR, message, traceId);
        }
        return new StiggException(StiggErrorCode.parse(code), code, message, traceId);
    }

    public StiggErrorCode code() {
        return code;
    }

    /** The code as reported, kept when it is not one of {@link StiggErrorCode}: what the ledger records. */
    public String reportedCode() {
        return reportedCode;
    }

    public StiggErrorCode.RetryClass retryClass() {
        return code.retryClass();
    }

    public boolean retryable() {
        return code.retryable();
    }

    /** Stigg's trace id of the failed call; null for transport failures. */
    public String traceId() {
        return traceId;
    }

    public boolean isRateLimit() {
        return code.retryClass() == StiggErrorCode.RetryClass.RATE_LIMITED;
    }
}
