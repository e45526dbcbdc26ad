package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.testing.EmulatorPerClass;
import io.sfstigg.local.stigg.Fault;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the Stigg adapter reads Stigg's failures, against the Stigg emulator over HTTP. */
class HttpStiggErrorsTest {
    private static final String KEY = "server-errors-test";
    @RegisterExtension
    static final EmulatorPerClass<StiggEmulator> EMULATOR = new EmulatorPerClass<>(() -> StiggEmulator.start(0),
            emulator -> {
                emulator.reset();
                emulator.addApiKey(KEY, "errors-env");
                emulator.env("errors-env").addPlan("plan-basic", false);
            });
    private static HttpStigg stigg;

    @BeforeAll
    static void client() {
        stigg = new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(5)), EMULATOR.get().graphqlUrl());
    }

    @Test
    void aDuplicateIsAConflictWithStiggsTraceId() {
        stigg.provisionCustomer(KEY, customer("acme"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("acme")));
        assertEquals(StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED, e.code());
        assertEquals(StiggErrorCode.RetryClass.CONFLICT, e.retryClass());
        assertEquals("DuplicatedEntityNotAllowed", e.reportedCode());
        assertFalse(e.traceId() == null || e.traceId().isBlank(), "Stigg's traceId is kept");
    }

    @Test
    void anUnknownPlanIsPermanent() {
        stigg.provisionCustomer(KEY, customer("acme"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionSubscription(KEY,
                Json.object().put("customerId", "acme").put("planId", "plan-missing")));
        assertEquals(StiggErrorCode.PLAN_NOT_FOUND, e.code());
        assertFalse(e.retryable());
        assertTrue(e.traceId() != null && !e.traceId().isBlank());
    }

    @Test
    void aMissingCustomerIsAnAnswerWhenLookingItUp() {
        assertTrue(stigg.findCustomer(KEY, "nobody").isEmpty());
    }

    @Test
    void anUnknownKeyIsRejected() {
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer("server-unknown", customer("a")));
        assertEquals(StiggErrorCode.UNAUTHENTICATED, e.code());
        assertEquals(StiggErrorCode.RetryClass.KEY_REJECTED, e.retryClass());
        assertFalse(e.retryable());
    }

    @Test
    void http429IsRateLimitedAnd5xxIsRetryableWithItsStatusReported() {
        EMULATOR.get().failNext(1, Fault.HTTP_429);
        StiggException limited = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertTrue(limited.isRateLimit());
        assertEquals("RateLimitExceeded", limited.reportedCode());

        EMULATOR.get().failNext(1, Fault.HTTP_503);
        StiggException down = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("b")));
        assertEquals(StiggErrorCode.HTTP_SERVER_ERROR, down.code());
        assertEquals("HttpStatus503", down.reportedCode());
        assertTrue(down.retryable());
        assertNull(down.traceId());
    }

    @Test
    void aCodeStiggAddsLaterIsPermanentAndKeptAsSent() {
        EMULATOR.get().failNext(1, Fault.graphQlError("SomethingStiggAddedLater", "new failure"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.UNKNOWN, e.code());
        assertEquals("SomethingStiggAddedLater", e.reportedCode());
        assertFalse(e.retryable());
        assertTrue(e.traceId() != null && !e.traceId().isBlank());
    }

    @Test
    void stiggsOwnTimeoutIsRetryable() {
        EMULATOR.get().failNext(1, Fault.graphQlError("OperationTimeout", "timed out"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.OPERATION_TIMEOUT, e.code());
        assertTrue(e.retryable());
    }

    @Test
    void aDroppedConnectionIsARetryableTransportFailure() {
        EMULATOR.get().failNext(1, Fault.DROP_CONNECTION);
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.CONNECTION_FAILED, e.code());
        assertTrue(e.retryable());
    }

    private static ObjectNode customer(String id) {
        return Json.object().put("customerId", id).put("name", "Acme");
    }
}
