package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.queueDepth;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11's table, row by row, over HTTP through the local gateway: each hostile input gets
 * its 4xx in bounded time and size, nothing is enqueued (the event source is paused, so a
 * message would stay in the queue), and every answer carries {@code X-Content-Type-Options}.
 */
class HostileInputIT {
    static final Duration MAX_TIME = Duration.ofSeconds(2);
    static final int MAX_ANSWER = 4096;
    private static final String GRANT = "{\"stiggCustomerId\":\"acme\",\"grantType\":\"PROMOTIONAL\","
            + "\"currencyId\":\"cred-type-test\",\"displayName\":\"Bonus\",";
    private static final String CUSTOMER = "{\"salesforceAccountId\":\"001Dn00000A1b2c\",";

    @BeforeAll
    static void pauseWorker() {
        get().eventSource().pause();
    }

    @AfterAll
    static void resumeWorker() {
        get().eventSource().resume();
    }

    @BeforeEach
    void emptyQueue() {
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
    }

    /** Sends, checks the common promises of a refusal, and returns the answer. */
    private static TestSystem.Answer refused(String method, String path, String body, String token,
            Map<String, String> headers, int status) {
        long started = System.nanoTime();
        TestSystem.Answer answer = send(method, path, body, token, headers);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(status, answer.status(), method + " " + path + ": " + answer.raw().body());
        assertTrue(took.compareTo(MAX_TIME) < 0, method + " " + path + " took " + took);
        assertTrue(answer.raw().body().length() <= MAX_ANSWER, "answer of " + answer.raw().body().length() + " bytes");
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals(0, queueDepth(get().queueUrl()), "a refused request enqueued something");
        return answer;
    }

    private static List<String> fields(TestSystem.Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    /** Row 1: a 146-byte body with an exponent of millions, as a string and as a literal. */
    @ParameterizedTest
    @MethodSource("hugeExponents")
    void hugeExponentsAreA400NamingTheFieldInMilliseconds(String amount) {
        TestSystem.Answer answer = refused("POST", "/v1/credit-grants", GRANT + "\"amount\":" + amount + "}",
                get().tenantToken(), Map.of(), 400);
        assertEquals(List.of("amount"), fields(answer));
    }

    static Stream<String> hugeExponents() {
        return Stream.of("\"-1e-3000000\"", "\"-1e-200000000\"", "-1e-200000000", "\"1e-2000\"", "\"1e-10000\"", "1e-10000",
                "\"1e+2147483647\"", "1" + "0".repeat(120));
    }

    /** Row 2: what is accepted is read back by the status route and by the worker, at the bounds. */
    @Test
    void acceptedNumbersAreReadBackByTheStatusRouteAndTheWorker() {
        String customer = "bounds-" + UUID.randomUUID().toString().substring(0, 8);
        get().eventSource().resume();
        try {
            ProvisioningPipelineIT.awaitDone(TestSystem.post("/v1/customers", ProvisioningPipelineIT.customer(customer, "Bounds")));
            String requestId = ProvisioningPipelineIT.awaitDone(TestSystem.post("/v1/credit-grants", GRANT.replace("acme", customer)
                    + "\"amount\":\"999999.000001\",\"priority\":\"1e-4\",\"cost\":{\"amount\":\"1E+3\",\"currencyCode\":\"usd\"}}"));
            TestSystem.Answer status = TestSystem.get("/v1/requests/" + requestId);
            assertEquals(200, status.status(), status.raw().body());
            assertEquals(0, new java.math.BigDecimal("999999.000001").compareTo(
                    StiggCalls.lastInput("createCreditGrant", customer).path("amount").decimalValue()));
        } finally {
            get().eventSource().pause();
        }
    }

    /** Row 3: text SQS cannot carry is a 400 naming the field, never a 503. */
    @ParameterizedTest
    @MethodSource("unstorableText")
    void textTheQueueCannotCarryIsA400(String escaped) {
        TestSystem.Answer answer = refused("POST", "/v1/customers", CUSTOMER + "\"name\":\"Acme " + escaped + "\"}",
                get().tenantToken(), Map.of(), 400);
        assertEquals(List.of("name"), fields(answer));
    }

    static Stream<String> unstorableText() {
        return Stream.of("\\uffff", "\\ud800", "\\udc00x", "\\u0000", "\\u0008", "\\u007f", "\\ufdd0", "\\ud83f\\udfff");
    }

    /** Row 5: ids longer than they can be are 404 at once, not a storage outage. */
    @Test
    void overlongRequestAndTokenIdsAreNotFound() {
        refused("GET", "/v1/requests/req_" + "a".repeat(3000), null, get().tenantToken(), Map.of(), 404);
        refused("DELETE", "/v1/admin/tenants/" + LocalSystem.DEMO_ORG_ID + "/tokens/" + "t".repeat(3000), null,
                get().adminToken(), Map.of(), 404);
        refused("POST", "/v1/admin/tenants/" + "0".repeat(3000) + "/tokens", null, get().adminToken(), Map.of(), 404);
    }

    /** Row 6: duplicate keys, trailing content and media types other than JSON, on every route with a body. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyRoutes")
    void framingIsStrictOnEveryRouteWithABody(String method, String path, String valid, boolean admin) {
        String token = admin ? get().adminToken() : get().tenantToken();
        String first = valid.substring(1, valid.indexOf(','));
        String duplicated = "{" + first + "," + valid.substring(1);
        assertEquals(List.of(first.substring(1, first.indexOf('"', 1))),
                fields(refused(method, path, duplicated, token, Map.of(), 400)));
        refused(method, path, valid + " {\"x\":1}", token, Map.of(), 400);
        refused(method, path, valid, token, Map.of("Content-Type", "application/jsonfoo"), 415);
        refused(method, path, valid, token, Map.of("Content-Type", "application/json; charset=iso-8859-1"), 415);
        refused(method, path, valid, token, Map.of("Content-Type", "text/json"), 415);
    }

    static Stream<Arguments> bodyRoutes() {
        return Stream.of(
                Arguments.of("POST", "/v1/customers", CUSTOMER + "\"name\":\"A\"}", false),
                Arguments.of("POST", "/v1/subscriptions", "{\"stiggCustomerId\":\"a\",\"planId\":\"plan-pro\"}", false),
                Arguments.of("POST", "/v1/credit-grants", GRANT + "\"amount\":1}", false),
                Arguments.of("POST", "/v1/opportunities/006Dn00000B2c3d/provision",
                        "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[]}", false),
                Arguments.of("PUT", "/v1/config", "{\"stiggEnvironmentSlug\":\"x\",\"stiggApiKey\":\"server-0123456789abcdef\"}", false),
                Arguments.of("POST", "/v1/admin/tenants", "{\"name\":\"n\",\"orgId\":\"00D5e000000Zzzz\","
                        + "\"salesforceDomain\":\"z.my.salesforce.com\"}", true),
                Arguments.of("PATCH", "/v1/admin/tenants/" + LocalSystem.DEMO_ORG_ID, "{\"disabled\":false,\"maxConcurrentWaits\":10}",
                        true));
    }

    /** Row 7: ids must carry their object's key prefix, in the path and in the body. */
    @Test
    void idsOfTheWrongObjectAreRefused() {
        String lines = ",\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"}]}";
        assertEquals(List.of("opportunityId"), fields(refused("POST", "/v1/opportunities/001Dn00000A1b2c/provision",
                "{\"account\":{\"id\":\"001Dn00000A1b2c\"}" + lines, get().tenantToken(), Map.of(), 400)));
        assertEquals(List.of("account.id"), fields(refused("POST", "/v1/opportunities/006Dn00000B2c3d/provision",
                "{\"account\":{\"id\":\"006Dn00000B2c3d\"}" + lines, get().tenantToken(), Map.of(), 400)));
        assertEquals(List.of("salesforceAccountId"), fields(refused("POST", "/v1/customers",
                "{\"salesforceAccountId\":\"00D5e000000DemoEAC\"}", get().tenantToken(), Map.of(), 400)));
        refused("GET", "/v1/links/00D5e000000DemoEAC", null, get().tenantToken(), Map.of(), 404);
        assertEquals(List.of("orgId"), fields(refused("POST", "/v1/admin/tenants", "{\"orgId\":\"001Dn00000A1b2c\","
                + "\"name\":\"n\",\"salesforceDomain\":\"n.my.salesforce.com\"}", get().adminToken(), Map.of(), 400)));
    }

    /** Row 8: Idempotency-Key: body:abc on two routes names two requests. */
    @Test
    void aBodyFormKeyOnTwoRoutesNamesTwoRequests() {
        Map<String, String> key = Map.of("Idempotency-Key", "body:abc-" + UUID.randomUUID());
        TestSystem.Answer customer = TestSystem.post("/v1/customers", CUSTOMER + "\"name\":\"Keyed\"}", key);
        TestSystem.Answer grant = TestSystem.post("/v1/credit-grants", GRANT + "\"amount\":3}", key);
        assertEquals(202, customer.status(), customer.raw().body());
        assertEquals(202, grant.status(), grant.raw().body());
        assertNotEquals(customer.body().path("requestId"), grant.body().path("requestId"));
    }

    /** Row 9: input is quoted back short and escaped; every answer says nosniff. */
    @Test
    void inputComesBackAsAShortEscapedExcerpt() {
        String script = "<script>alert(1)</script>" + "x".repeat(3000);
        TestSystem.Answer link = refused("GET", "/v1/links/" + script.replace("<", "%3C").replace(">", "%3E")
                .replace("(", "%28").replace(")", "%29"), null, get().tenantToken(), Map.of(), 404);
        assertFalse(link.raw().body().contains("<script>"), link.raw().body());
        assertTrue(link.raw().body().length() < 600, link.raw().body());
        TestSystem.Answer org = refused("POST", "/v1/customers", CUSTOMER + "\"name\":\"A\"}", get().tenantToken(),
                Map.of("X-Salesforce-Org-Id", "<b>" + "o".repeat(5000)), 403);
        assertFalse(org.raw().body().contains("<b>"), org.raw().body());
        assertEquals("nosniff", TestSystem.send("GET", "/v1/health", null, null, Map.of()).header("X-Content-Type-Options"));
    }

    /** Row 10: the local gateway builds URLs from its own address, and keeps API Gateway's quotas. */
    @Test
    void theGatewayIgnoresTheHostHeader() throws IOException {
        Raw answer = raw("POST /v1/customers HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + get().tenantToken()
                + "\r\nContent-Type: application/json\r\n", (CUSTOMER + "\"name\":\"Host\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(202, answer.status(), answer.text());
        String expected = get().gatewayUrl() + "/v1/requests/";
        assertTrue(answer.header("location").startsWith(expected), answer.head());
        assertTrue(Json.read(answer.body()).path("statusUrl").asText().startsWith(expected), answer.body());
        get().sqs().purgeQueue(r -> r.queueUrl(get().queueUrl()));
    }

    @Test
    void anOversizedBodyIsA413BeforeAuthentication() throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + (30 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Raw answer = Raw.read(socket.getInputStream());
            assertEquals(413, answer.status(), answer.text());
            assertEquals("nosniff", answer.header("x-content-type-options"));
        }
        assertTrue(System.nanoTime() - started < MAX_TIME.toNanos());
        Raw chunked = raw("POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n", null, chunks(11 * 1024 * 1024));
        assertEquals(413, chunked.status(), chunked.text());
    }

    @Test
    void tooManyOrTooLargeHeadersAreA431() throws IOException {
        StringBuilder many = new StringBuilder("GET /v1/health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 250; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertEquals(431, raw(many.toString(), null).status());
        assertEquals(431, raw("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_300) + "\r\n", null).status());
        assertEquals(431, raw("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Salesforce-Org-Id: " + "o".repeat(100_000) + "\r\n",
                null).status());
        assertEquals(200, raw("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9_000) + "\r\n", null).status());
    }

    @Test
    void malformedRequestsGetAnAnswerNotADroppedConnection() throws IOException {
        assertEquals(400, raw("GET /v1/requests/%zz HTTP/1.1\r\nHost: x\r\n", null).status());
        assertEquals(400, raw("GET /v1/health\r\nHost: x\r\n", null).status());
        assertEquals(400, raw("GET /v1/health HTTP/1.1\r\nNo colon here\r\n", null).status());
        assertEquals(400, raw("POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n", null).status());
        assertEquals(404, raw("GET /nowhere HTTP/1.1\r\nHost: x\r\n", null).status());
    }

    private static int port() {
        return Integer.parseInt(get().gatewayUrl().substring(get().gatewayUrl().lastIndexOf(':') + 1));
    }

    private static byte[] chunks(int total) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024 * 1024];
        for (int sent = 0; sent < total; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Raw raw(String head, byte[] body) throws IOException {
        return raw(head + (body == null ? "" : "Content-Length: " + body.length + "\r\n"), body, null);
    }

    /** One request on its own connection, written as given; the answer as the gateway wrote it. */
    private static Raw raw(String head, byte[] body, byte[] chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            if (chunked != null) {
                try {
                    out.write(chunked);
                } catch (IOException e) {
                    // the gateway stopped reading after its answer: read the answer
                }
            }
            out.flush();
            return Raw.read(socket.getInputStream());
        }
    }

    record Raw(String head, String body) {
        static Raw read(InputStream in) throws IOException {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return split < 0 ? new Raw(text, "") : new Raw(text.substring(0, split), text.substring(split + 4));
        }

        int status() {
            return Integer.parseInt(head.split(" ")[1]);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "";
        }

        String text() {
            return head + "\n\n" + body;
        }
    }
}
