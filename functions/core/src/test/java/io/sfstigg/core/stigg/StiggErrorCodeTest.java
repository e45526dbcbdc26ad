package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.stigg.StiggErrorCode.RetryClass;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StiggErrorCodeTest {

    @Test
    void everyListedCodeParsesToItsOwnEntry() {
        for (StiggErrorCode code : StiggErrorCode.values()) {
            if (code.code() != null) {
                assertEquals(code, StiggErrorCode.parse(code.code()), code.name());
            }
        }
    }

    @Test
    void codesAreUniqueAndOnlyHttpAndUnknownEntriesHaveNone() {
        Set<String> codes = Arrays.stream(StiggErrorCode.values()).map(StiggErrorCode::code)
                .filter(c -> c != null).collect(Collectors.toSet());
        assertEquals(StiggErrorCode.values().length - 4, codes.size());
        assertNull(StiggErrorCode.UNKNOWN.code());
        assertNull(StiggErrorCode.HTTP_SERVER_ERROR.code());
    }

    @Test
    void anUnlistedMissingOrMiscasedCodeIsUnknownAndPermanent() {
        assertEquals(StiggErrorCode.UNKNOWN, StiggErrorCode.parse("SomethingStiggAddedLater"));
        assertEquals(StiggErrorCode.UNKNOWN, StiggErrorCode.parse(null));
        assertEquals(StiggErrorCode.UNKNOWN, StiggErrorCode.parse("customernotfound"));
        assertEquals(StiggErrorCode.UNKNOWN, StiggErrorCode.parse("CUSTOMER_NOT_FOUND"), "the enum's names are not codes");
        assertEquals(RetryClass.PERMANENT, StiggErrorCode.UNKNOWN.retryClass());
    }

    @Test
    void retryableAreStiggsTransientCodesAndTransportFailures() {
        Set<StiggErrorCode> retryable = Arrays.stream(StiggErrorCode.values()).filter(StiggErrorCode::retryable)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StiggErrorCode.class)));
        assertEquals(EnumSet.of(StiggErrorCode.RATE_LIMIT_EXCEEDED, StiggErrorCode.OPERATION_TIMEOUT,
                StiggErrorCode.UNEXPECTED_ERROR, StiggErrorCode.TIMEOUT, StiggErrorCode.CONNECTION_FAILED,
                StiggErrorCode.HTTP_SERVER_ERROR, StiggErrorCode.HTTP_NO_DATA), retryable);
        assertEquals(RetryClass.RATE_LIMITED, StiggErrorCode.parse("RateLimitExceeded").retryClass());
    }

    @Test
    void aRefusedKeyAndAConflictAreClassesOfTheirOwnAndNotRetried() {
        assertEquals(EnumSet.of(StiggErrorCode.UNAUTHENTICATED, StiggErrorCode.IDENTITY_FORBIDDEN,
                StiggErrorCode.API_KEY_EXPIRED), ofClass(RetryClass.KEY_REJECTED));
        assertEquals(EnumSet.of(StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED,
                StiggErrorCode.SUBSCRIPTION_ALREADY_CANCELED_OR_EXPIRED), ofClass(RetryClass.CONFLICT));
        assertFalse(RetryClass.KEY_REJECTED.retryable());
        assertFalse(RetryClass.CONFLICT.retryable());
        assertEquals(RetryClass.PERMANENT, StiggErrorCode.parse("PlanNotFound").retryClass());
        assertEquals(RetryClass.PERMANENT, StiggErrorCode.parse("UnPublishedPackage").retryClass());
    }

    @Test
    void aGraphQlErrorKeepsTheCodeAsSentAndItsTraceId() {
        StiggException known = StiggException.fromGraphQl("PlanNotFound", "Plan not found: plan-x", "trace-1");
        assertEquals(StiggErrorCode.PLAN_NOT_FOUND, known.code());
        assertEquals("PlanNotFound", known.reportedCode());
        assertEquals("trace-1", known.traceId());
        assertFalse(known.retryable());

        StiggException unknown = StiggException.fromGraphQl("SomethingStiggAddedLater", "new", "trace-2");
        assertEquals(StiggErrorCode.UNKNOWN, unknown.code());
        assertEquals("SomethingStiggAddedLater", unknown.reportedCode());
        assertFalse(unknown.retryable());
    }

    @Test
    void aGraphQlErrorWithoutCodeIsStiggsUnexpectedErrorAndRetried() {
        StiggException blank = StiggException.fromGraphQl(" ", "boom", "trace-3");
        assertEquals(StiggErrorCode.UNEXPECTED_ERROR, blank.code());
        assertEquals("UnexpectedError", blank.reportedCode());
        assertTrue(blank.retryable());
        assertTrue(StiggException.fromGraphQl(null, "boom", null).retryable());
    }

    @Test
    void anEntryWithoutCodeIsReportedByItsNameUnlessTheCallerSaysMore() {
        assertEquals("UNKNOWN", new StiggException(StiggErrorCode.UNKNOWN, "?", null).reportedCode());
        assertEquals("HttpStatus502",
                new StiggException(StiggErrorCode.HTTP_SERVER_ERROR, "HttpStatus502", "bad gateway", null).reportedCode());
        assertTrue(new StiggException(StiggErrorCode.RATE_LIMIT_EXCEEDED, "slow down", null).isRateLimit());
        assertFalse(new StiggException(StiggErrorCode.OPERATION_TIMEOUT, "slow", null).isRateLimit());
    }

    private static Set<StiggErrorCode> ofClass(RetryClass retryClass) {
        return Arrays.stream(StiggErrorCode.values()).filter(c -> c.retryClass() == retryClass)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StiggErrorCode.class)));
    }
}
