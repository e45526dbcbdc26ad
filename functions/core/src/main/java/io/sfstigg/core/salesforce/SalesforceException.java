package io.sfstigg.core.salesforce;

/** A Salesforce answer that is not a success: Salesforce's code and message, never a token. */
public final class SalesforceException extends RuntimeException {
    private final SalesforceErrorCode code;
    private final String reportedCode;
    private final int httpStatus;

    public SalesforceException(String reportedCode, String message, int httpStatus) {
        super(message);
        this.code = SalesforceErrorCode.of(reportedCode, httpStatus);
        this.reportedCode = reportedCode == null ? code.name() : reportedCode;
        this.httpStatus = httpStatus;
    }

    public SalesforceErrorCode code() {
        return code;
    }

    /** The code as Salesforce sent it (kept when it is not one of {@link SalesforceErrorCode}). */
    public String reportedCode() {
        return reportedCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return code.retryable();
    }
}
