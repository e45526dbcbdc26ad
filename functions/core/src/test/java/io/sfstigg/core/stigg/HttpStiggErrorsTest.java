package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sfstigg.local.stigg.Fault;
import io.sfstigg.core.testing.EmulatorPerClass;
import io.sfstigg.local.stigg.StiggEmulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the Stigg adapter reads Stigg's failures, against the Stigg emulator over HTTP. */
class HttpStiggErrorsTest {
    private static final String KEY = "server-errors-test";
    @RegisterExtension
    static final EmulatorPerClass<StiggEmulator> STIGG = EmulatedStigg.perClass(KEY, "errors-env");
    private final StiggEmulator emulator = STIGG.get();
    private final HttpStigg stigg = EmulatedStigg.adapter(emulator);

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
                new SubscriptionInput("acme", "plan-missing", null, null, null, null, null, null, null, null, null, null,
                        null, null)));
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
        emulator.failNext(1, Fault.HTTP_429);
        StiggException limited = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertTrue(limited.isRateLimit());
        assertEquals("RateLimitExceeded", limited.reportedCode());

        emulator.failNext(1, Fault.HTTP_503);
        StiggException down = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("b")));
        assertEquals(StiggErrorCode.HTTP_SERVER_ERROR, down.code());
        assertEquals("HttpStatus503", down.reportedCode());
        assertTrue(down.retryable());
        assertNull(down.traceId());
    }

    @Test
    void aCodeStiggAddsLaterIsPermanentAndKeptAsSent() {
        emulator.failNext(1, Fault.graphQlError("SomethingStiggAddedLater", "new failure"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.UNKNOWN, e.code());
        assertEquals("SomethingStiggAddedLater", e.reportedCode());
        assertFalse(e.retryable());
        assertTrue(e.traceId() != null && !e.traceId().isBlank());
    }

    @Test
    void stiggsOwnTimeoutIsRetryable() {
        emulator.failNext(1, Fault.graphQlError("OperationTimeout", "timed out"));
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.OPERATION_TIMEOUT, e.code());
        assertTrue(e.retryable());
    }

    @Test
    void aDroppedConnectionIsARetryableTransportFailure() {
        emulator.failNext(1, Fault.DROP_CONNECTION);
        StiggException e = assertThrows(StiggException.class, () -> stigg.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.CONNECTION_FAILED, e.code());
        assertTrue(e.retryable());
    }

    @Test
    void anAnswerWithoutTheMutationsFieldOrUnreadableIsAFailureNotANull() throws Exception {
        StiggException missing = answeredWith("{\"data\":{\"provisionCustomer\":null}}",
                s -> s.provisionCustomer(KEY, customer("a")));
        assertEquals(StiggErrorCode.HTTP_NO_DATA, missing.code());
        assertEquals("UnreadableAnswer", missing.reportedCode());
        assertTrue(missing.retryable());
        assertEquals(StiggErrorCode.HTTP_NO_DATA, answeredWith("{\"data\":{\"createCreditGrant\":{\"amount\":\"many\"}}}",
                s -> s.createCreditGrant(KEY, new CreditGrantInput("a", "c", BigDecimal.ONE, "G", "PROMOTIONAL", null, null,
                        null, null, null, null, null, null))).code());
    }

    /** The failure of {@code call} against a server that answers every request with {@code body} (HTTP 200). */
    private static StiggException answeredWith(String body, Consumer<HttpStigg> call) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/graphql", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            HttpStigg stigg = new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(5)),
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/graphql");
            return assertThrows(StiggException.class, () -> call.accept(stigg));
        } finally {
            server.stop(0);
        }
    }

    private static CustomerInput customer(String id) {
        return new CustomerInput(id, "Acme", null, null, null);
    }
}
