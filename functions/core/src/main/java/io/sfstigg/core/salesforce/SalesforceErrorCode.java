package io.sfstigg.core.salesforce;

import java.util.Locale;

/**
 * Salesforce REST error codes the sync meets, each with its retry class. Codes Salesforce adds
 * later fall to {@link #OTHER}: permanent, so an unknown answer is looked at, not retried in vain.
 */
public enum SalesforceErrorCode {
    REQUEST_LIMIT_EXCEEDED(true),
    UNABLE_TO_LOCK_ROW(true),
    SERVER_UNAVAILABLE(true),
    /** A 5xx without a recognised code, or no answer at all. */
    SERVER_ERROR(true),
    INVALID_SESSION_ID(true),
    INVALID_FIELD(false),
    INVALID_FIELD_FOR_INSERT_UPDATE(false),
    ENTITY_IS_DELETED(false),
    NOT_FOUND(false),
    FIELD_CUSTOM_VALIDATION_EXCEPTION(false),
    FIELD_INTEGRITY_EXCEPTION(false),
    INVALID_TYPE_ON_FIELD_IN_RECORD(false),
    STRING_TOO_LONG(false),
    INSUFFICIENT_ACCESS_OR_READONLY(false),
    /** The token endpoint refused the client's id or secret ({@code invalid_client}, ...). */
    INVALID_CLIENT(false),
    OTHER(false);

    private final boolean retryable;

    SalesforceErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public static SalesforceErrorCode of(String code, int httpStatus) {
        if (code != null) {
            try {
                return valueOf(code.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // not one of ours: classified by the HTTP status below
            }
        }
        return httpStatus >= 500 || httpStatus == 0 ? SERVER_ERROR : OTHER;
    }
}
