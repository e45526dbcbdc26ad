package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.config.Config;
import io.sfstigg.core.fairness.DynamoWaitSlots;
import io.sfstigg.core.fairness.WaitSlots;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.tenant.DynamoTenantStore;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TenantChange;
import io.sfstigg.core.tenant.TenantToken;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.local.aws.LocalAwsClients;
import io.sfstigg.local.aws.LocalDynamoDb;
import io.sfstigg.local.aws.LocalSqs;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;

/**
 * Issue 11's hostile inputs, run through the API handlers in this JVM (DynamoDB Local and
 * ElasticMQ behind them), so that the heap and time one request costs are measured where the
 * function runs, whatever process the local gateway puts it in.
 */
class HostileInputInProcessIT {
    /** Allocated by one request at most: an upper bound on the heap it can hold at once (a 1 GB Lambda keeps ~700 MB of heap). */
    static final long MAX_ALLOCATED_BYTES = 64L * 1024 * 1024;
    /** CPU time one request may take on its thread (wall time on this shared machine is noise; it is reported). */
    static final long MAX_CPU_MILLIS = 1_000;
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    static final int BODY_LIMIT = 256 * 1024;
    private static final String ORG = SalesforceId.to18("00D5e000000Host").orElseThrow();
    private static final String OTHER_ORG = SalesforceId.to18("00D5e000000Othr").orElseThrow();
    private static LocalDynamoDb localDynamo;
    private static LocalSqs localSqs;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static String queueUrl;
    private static Config.Api config;
    private static String token;
    private static String otherToken;
    private static final AtomicInteger DYNAMO_CALLS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        localDynamo = LocalDynamoDb.start(0);
        localSqs = LocalSqs.start(0);
        DynamoDbClient real = LocalAwsClients.dynamoDb(localDynamo.endpoint());
        dynamo = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    DYNAMO_CALLS.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        sqs = LocalAwsClients.sqs(localSqs.endpoint());
        LocalDynamoDb.createTables(real, "tenants", "requests", "links");
        queueUrl = sqs.createQueue(r -> r.queueName("hostile")).queueUrl();
        config = Config.api(Map.of("TENANTS_TABLE", "tenants", "REQUESTS_TABLE", "requests",
                "LINKS_TABLE", "links", "QUEUE_URL", queueUrl, "ADMIN_TOKEN_SECRET_ID", "admin-token"));
        DynamoTenantStore tenants = new DynamoTenantStore(real, "tenants");
        token = register(tenants, ORG);
        otherToken = register(tenants, OTHER_ORG);
    }

    private static String register(DynamoTenantStore tenants, String org) {
        Instant now = Instant.now();
        tenants.create(new Tenant(org, "Hostile " + org, "acme.my.salesforce.com", false, now, "local-sandbox", "USD",
                "secret-" + org, "server-****0000", now));
        Tokens.Issued issued = Tokens.issue();
        tenants.saveToken(new TenantToken(issued.tokenId(), org, issued.secretHash(), now, null));
        return issued.token();
    }

    @AfterAll
    static void stop() throws Exception {
        localSqs.close();
        localDynamo.close();
    }

    @BeforeEach
    void emptyTheQueue() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    private static Services services(Clock clock) {
        return Services.of(config, clock, dynamo, sqs);
    }

    /** An API function's handler over the given services (a handler's constructor). */
    interface HandlerOf {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> of(Services services);
    }

    record Call(String name, HandlerOf handler, String method, Map<String, String> path,
            String body, Map<String, String> headers) {}

    static APIGatewayV2HTTPEvent event(Call call, String bearer) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (bearer != null) {
            headers.put("authorization", "Bearer " + bearer);
        }
        headers.putAll(call.headers());
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/x")
                .withHeaders(headers)
                .withPathParameters(call.path())
                .withBody(call.body())
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("api.example.com").withStage("$default").withRequestId("r-" + call.name())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(call.method()).build())
                        .build())
                .build();
    }

    private static final String GRANT = "{\"stiggCustomerId\":\"acme\",\"grantType\":\"PAID\",\"currencyId\":\"cred\","
            + "\"displayName\":\"Bonus\",";
    private static final String CUSTOMER = "{\"salesforceAccountId\":\"001Dn00000A1b2c\",";
    private static final String SUBSCRIPTION = "{\"stiggCustomerId\":\"acme\",\"planId\":\"plan-pro\",";
    private static final String OPPORTUNITY = "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[{\"stiggType\":\"Plan\","
            + "\"stiggId\":\"plan-pro\",";

    /** Bodies of at most 256 KiB that an attacker with a token could send, one route each. */
    static List<Call> hostileCalls() {
        List<Call> calls = new ArrayList<>();
        HandlerOf customers = CreateCustomerHandler::new;
        HandlerOf subscriptions = CreateSubscriptionHandler::new;
        HandlerOf grants = CreateCreditGrantHandler::new;
        HandlerOf opportunities = ProvisionOpportunityHandler::new;
        Map<String, String> opportunity = Map.of("opportunityId", "006Dn00000B2c3d");
        for (String amount : List.of("\"-1e-3000000\"", "\"-1e-200000000\"", "\"1e-2000\"", "\"1e-10000\"", "1e-2000",
                "-1e-999999999", "1e999999999", "1" + "0".repeat(99), "1" + "0".repeat(150), "\"" + "9".repeat(5000) + "\"",
                "0." + "0".repeat(98) + "1", "\"NaN\"", "\"Infinity\"", "\"0x1p3\"", "\"1e-2147483648\"", "1e-2147483648",
                "1e2147483648", "1e99999999999")) {
            calls.add(new Call("grant amount " + amount.length(), grants, "POST", Map.of(),
                    GRANT + "\"amount\":" + amount + "}", Map.of()));
            calls.add(new Call("opportunity price " + amount.length(), opportunities, "POST", opportunity,
                    OPPORTUNITY + "\"unitPrice\":" + amount + ",\"quantity\":" + amount + "}]}", Map.of()));
            calls.add(new Call("addon quantity " + amount.length(), subscriptions, "POST", Map.of(),
                    SUBSCRIPTION + "\"addons\":[{\"addonId\":\"a\",\"quantity\":" + amount + "}]}", Map.of()));
            if (!amount.startsWith("\"")) {
                calls.add(new Call("metadata number " + amount.length(), customers, "POST", Map.of(),
                        CUSTOMER + "\"metadata\":{\"n\":" + amount + "}}", Map.of()));
            }
        }
        for (String text : List.of("\\uffff", "\\ud800", "\\udfff", "\\u0000", "\\u001b", "\\ufdd0", "\\ud83f\\udffe", "\u0085")) {
            calls.add(new Call("name " + text, customers, "POST", Map.of(), CUSTOMER + "\"name\":\"Acme" + text + "\"}", Map.of()));
            calls.add(new Call("metadata key " + text, customers, "POST", Map.of(),
                    CUSTOMER + "\"metadata\":{\"k" + text + "\":\"v\"}}", Map.of()));
        }
        calls.add(new Call("max body of U+FFFF", customers, "POST", Map.of(),
                CUSTOMER + "\"name\":\"" + "\uffff".repeat((BODY_LIMIT - 100) / 3) + "\"}", Map.of()));
        calls.add(new Call("max body of escaped controls", customers, "POST", Map.of(),
                CUSTOMER + "\"name\":\"" + "\\u0001".repeat((BODY_LIMIT - 100) / 6) + "\"}", Map.of()));
        calls.add(new Call("many unknown fields", customers, "POST", Map.of(), many(i -> "\"f" + i + "\":" + i, BODY_LIMIT), Map.of()));
        calls.add(new Call("many metadata arrays", customers, "POST", Map.of(),
                CUSTOMER + "\"metadata\":" + many(i -> "\"m" + i + "\":[1]", BODY_LIMIT - 100) + "}", Map.of()));
        calls.add(new Call("many numbers", customers, "POST", Map.of(),
                CUSTOMER + "\"metadata\":" + many(i -> "\"m" + i + "\":1e-99999", BODY_LIMIT - 100) + "}", Map.of()));
        calls.add(new Call("many line items", opportunities, "POST", opportunity, "{\"account\":{\"id\":\"001Dn00000A1b2c\"},"
                + "\"lineItems\":[" + String.join(",", java.util.Collections.nCopies(2000,
                        "{\"stiggType\":\"Add-on\",\"stiggId\":\"a\",\"quantity\":\"1e-99999\"}")) + "]}", Map.of()));
        calls.add(new Call("deep nesting", customers, "POST", Map.of(),
                CUSTOMER + "\"metadata\":" + "[".repeat(BODY_LIMIT / 4) + "]".repeat(BODY_LIMIT / 4) + "}", Map.of()));
        calls.add(new Call("long key", customers, "POST", Map.of(), "{\"" + "k".repeat(BODY_LIMIT - 20) + "\":1}", Map.of()));
        calls.add(new Call("duplicate key", customers, "POST", Map.of(),
                "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"salesforceAccountId\":\"001Dn00000A1b2d\"}", Map.of()));
        calls.add(new Call("trailing document", customers, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"} {\"x\":1}", Map.of()));
        calls.add(new Call("jsonfoo", customers, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"}",
                Map.of("content-type", "application/jsonfoo")));
        calls.add(new Call("latin-1 charset", customers, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"}",
                Map.of("content-type", "application/json; charset=iso-8859-1")));
        calls.add(new Call("account id as opportunity", opportunities, "POST", Map.of("opportunityId", "001Dn00000A1b2c"),
                OPPORTUNITY + "\"unitPrice\":1}]}", Map.of()));
        calls.add(new Call("huge org header", customers, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"}",
                Map.of("x-salesforce-org-id", "<script>" + "x".repeat(100_000))));
        calls.add(new Call("huge idempotency key", customers, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"}",
                Map.of("idempotency-key", "k".repeat(100_000))));
        calls.add(new Call("long request id", GetRequestHandler::new, "GET", Map.of("requestId", "req_" + "a".repeat(3000)),
                null, Map.of()));
        calls.add(new Call("script link id", GetLinksHandler::new, "GET", Map.of("salesforceId", "<script>" + "x".repeat(100_000)),
                null, Map.of()));
        calls.add(new Call("config numbers", PutConfigHandler::new, "PUT", Map.of(),
                "{\"stiggApiKey\":\"server-" + "a".repeat(20) + "\",\"stiggEnvironmentSlug\":\"x\",\"defaultCurrency\":1e999999999}",
                Map.of()));
        return calls;
    }

    private static String many(Function<Integer, String> member, int size) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; body.length() < size - 40; i++) {
            body.append(i == 0 ? "" : ",").append(member.apply(i));
        }
        return body.append("}").toString();
    }

    /**
     * Every hostile call is a 4xx, small and quick, enqueues nothing, and allocates at most
     * {@link #MAX_ALLOCATED_BYTES} on the thread that runs the handler (the SDK's URL-connection
     * client runs on it too), measured with the JVM's per-thread allocation counter.
     */
    @Test
    void hostileInputIsA4xxWithinBoundedHeapAndTime() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Services services = services(Clock.systemUTC());
        long maxAllocated = 0;
        long maxMillis = 0;
        long maxWall = 0;
        String worst = "";
        for (Call call : hostileCalls()) {
            assertTrue(call.body() == null || call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= BODY_LIMIT,
                    call.name() + " is over 256 KiB");
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = call.handler().of(services);
            APIGatewayV2HTTPEvent event = event(call, token);
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            long wallMillis = (System.nanoTime() - started) / 1_000_000;
            long millis = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
            long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            String answer = response.getBody();
            assertTrue(response.getStatusCode() >= 400 && response.getStatusCode() < 500,
                    call.name() + " answered " + response.getStatusCode() + ": " + answer);
            assertTrue(answer.length() <= MAX_ANSWER_BYTES, call.name() + " answered " + answer.length() + " bytes");
            assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"), call.name());
            assertFalse(answer.contains("<script>"), answer);
            assertTrue(millis <= MAX_CPU_MILLIS, call.name() + " took " + millis + " ms of CPU");
            assertTrue(allocated <= MAX_ALLOCATED_BYTES, call.name() + " allocated " + allocated + " bytes");
            if (allocated > maxAllocated) {
                maxAllocated = allocated;
                worst = call.name();
            }
            maxMillis = Math.max(maxMillis, millis);
            maxWall = Math.max(maxWall, wallMillis);
        }
        System.out.printf("hostile input: %d calls, at most %.1f MiB allocated (%s), at most %d ms CPU (%d ms wall);"
                + " bounds %d MiB, %d ms CPU%n", hostileCalls().size(), maxAllocated / 1048576.0, worst, maxMillis, maxWall,
                MAX_ALLOCATED_BYTES >> 20, MAX_CPU_MILLIS);
        assertEquals(0, queueDepth());
    }

    /** Issue 11, row 5: an id longer than ids can be is not looked up. */
    @Test
    void overlongIdsAreNotFoundWithoutAStoreCall() {
        Services services = services(Clock.systemUTC());
        Call request = new Call("long request id", GetRequestHandler::new, "GET", Map.of("requestId", "req_" + "a".repeat(3000)),
                null, Map.of());
        int before = DYNAMO_CALLS.get();
        APIGatewayV2HTTPResponse answer = request.handler().of(services).handleRequest(event(request, token), null);
        assertEquals(404, answer.getStatusCode(), answer.getBody());
        assertEquals(2, DYNAMO_CALLS.get() - before, "only the token and the tenant were read");
        assertTrue(answer.getBody().length() < 1000, answer.getBody());
    }

    /**
     * Issue 11, row 2: what the API accepts, the status route and the worker read back (the
     * worker reads the ledger's payload and the queue's message with the same reader).
     */
    @Test
    void acceptedNumbersAtTheirBoundsReadBackEqual() {
        Services services = services(Clock.systemUTC());
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        String body = GRANT + "\"amount\":\"999999999999.999999\",\"priority\":\"1e-4\",\"cost\":{\"amount\":1E+11,"
                + "\"currencyCode\":\"usd\"}}";
        Call call = new Call("bounds", CreateCreditGrantHandler::new, "POST", Map.of(), body, Map.of());
        APIGatewayV2HTTPResponse accepted = call.handler().of(services).handleRequest(event(call, token), null);
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        String requestId = Json.read(accepted.getBody()).get("requestId").asText();

        Call status = new Call("status", GetRequestHandler::new, "GET", Map.of("requestId", requestId), null, Map.of());
        APIGatewayV2HTTPResponse read = status.handler().of(services).handleRequest(event(status, token), null);
        assertEquals(200, read.getStatusCode(), read.getBody());

        RequestRecord record = new DynamoLedger(dynamo, "requests").find(requestId).orElseThrow();
        CreditGrantRequest grant = (CreditGrantRequest) record.payload();
        assertEquals(0, new BigDecimal("999999999999.999999").compareTo(grant.amount()));
        assertEquals(0, new BigDecimal("0.0001").compareTo(grant.priority()));
        assertEquals(0, new BigDecimal("100000000000").compareTo(grant.cost().amount()));

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size());
        ProvisioningMessage message = ProvisioningMessage.read(messages.get(0).body());
        assertEquals(0, grant.amount().compareTo(((CreditGrantRequest) message.payload()).amount()));
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    /** Issue 11, row 8: a caller's key of the derived form is scoped by operation like any other. */
    @Test
    void idempotencyKeysOfAnyFormAreScopedByOperation() {
        Services services = services(Clock.systemUTC());
        Map<String, String> key = Map.of("idempotency-key", "body:abc");
        Call customer = new Call("c", CreateCustomerHandler::new, "POST", Map.of(), CUSTOMER + "\"name\":\"a\"}", key);
        Call grant = new Call("g", CreateCreditGrantHandler::new, "POST", Map.of(), GRANT + "\"amount\":1}", key);
        APIGatewayV2HTTPResponse first = customer.handler().of(services).handleRequest(event(customer, token), null);
        APIGatewayV2HTTPResponse second = grant.handler().of(services).handleRequest(event(grant, token), null);
        assertEquals(202, first.getStatusCode(), first.getBody());
        assertEquals(202, second.getStatusCode(), second.getBody());
        assertNotEquals(Json.read(first.getBody()).get("requestId"), Json.read(second.getBody()).get("requestId"));
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    /** The per-org rate: over it 429 with Retry-After and nothing recorded; another org is not counted with it. */
    @Test
    void anOrgOverItsRateIsThrottledAloneInOneWrite() {
        new DynamoTenantStore(dynamo, "tenants").apply(ORG, new TenantChange(null, 3, null), Instant.now());
        Services services = services(Clock.fixed(Instant.parse("2026-11-29T04:00:00.5Z"), ZoneOffset.UTC));
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Call call = new Call("rate " + i, CreateCreditGrantHandler::new, "POST", Map.of(),
                        GRANT + "\"amount\":" + (i + 1) + "}", Map.of());
                APIGatewayV2HTTPResponse answer = call.handler().of(services).handleRequest(event(call, token), null);
                statuses.add(answer.getStatusCode());
                if (answer.getStatusCode() == 429) {
                    assertEquals("1", answer.getHeaders().get("Retry-After"));
                    assertTrue(answer.getBody().contains("org-rate-limited"), answer.getBody());
                }
            }
            assertEquals(List.of(202, 202, 202, 429, 429, 429), statuses);
            Call replay = new Call("rate 0", CreateCreditGrantHandler::new, "POST", Map.of(), GRANT + "\"amount\":1}", Map.of());
            assertEquals(202, replay.handler().of(services).handleRequest(event(replay, token), null).getStatusCode(),
                    "a repeat of an accepted request is answered, not counted");
            Call other = new Call("other org", CreateCreditGrantHandler::new, "POST", Map.of(), GRANT + "\"amount\":1}", Map.of());
            assertEquals(202, other.handler().of(services).handleRequest(event(other, otherToken), null).getStatusCode());
            assertEquals(4, queueDepth());
        } finally {
            new DynamoTenantStore(dynamo, "tenants").apply(ORG,
                    new TenantChange(null, config.defaultLimits().requestsPerSecond(), null), Instant.now());
            sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        }
    }

    /** Wait slots: at most the limit at once, freed on release, and freed by their lease if the holder died. */
    @Test
    void waitSlotsHoldTheLimitAndFreeThemselves() {
        WaitSlots slots = new DynamoWaitSlots(dynamo, "requests");
        Instant now = Instant.now();
        String org = "00D000000000001AAA";
        var first = slots.acquire(org, 2, now, now.plusSeconds(30)).orElseThrow();
        var second = slots.acquire(org, 2, now, now.plusSeconds(30)).orElseThrow();
        assertNotEquals(first.index(), second.index());
        assertTrue(slots.acquire(org, 2, now, now.plusSeconds(30)).isEmpty(), "a third wait over a limit of 2");
        assertTrue(slots.acquire("00D000000000002AAA", 2, now, now.plusSeconds(30)).isPresent(), "another org has its own");
        slots.release(first);
        var again = slots.acquire(org, 2, now, now.plusSeconds(30)).orElseThrow();
        assertTrue(slots.acquire(org, 2, now.plusSeconds(31), now.plusSeconds(60)).isPresent(),
                "a slot whose holder died is free once its lease ends");
        slots.release(again);
        slots.release(second);
        assertTrue(slots.acquire(org, 0, now, now.plusSeconds(30)).isEmpty(), "a limit of 0 grants no wait");
    }

    /** Over its concurrent waits, an org's Prefer: wait is answered 202 at once. */
    @Test
    void aWaitOverTheOrgsLimitIsAnsweredAtOnce() {
        Services services = services(Clock.systemUTC());
        WaitSlots slots = new DynamoWaitSlots(dynamo, "requests");
        Instant now = Instant.now();
        List<WaitSlots.Slot> held = new ArrayList<>();
        for (int i = 0; i < config.defaultLimits().maxConcurrentWaits(); i++) {
            held.add(slots.acquire(ORG, config.defaultLimits().maxConcurrentWaits(), now, now.plusSeconds(60)).orElseThrow());
        }
        try {
            Call call = new Call("wait", CreateCreditGrantHandler::new, "POST", Map.of(), GRANT + "\"amount\":77}",
                    Map.of("prefer", "wait=20"));
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse answer = call.handler().of(services).handleRequest(event(call, token), null);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(202, answer.getStatusCode(), answer.getBody());
            assertNull(answer.getHeaders().get("Preference-Applied"));
            assertTrue(millis < 2_000, "answered after " + millis + " ms");
        } finally {
            held.forEach(slots::release);
            sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        }
    }

    /**
     * Issue 11, row 3, behind validation: should text the queue cannot carry reach it, the queue's
     * refusal is the input's fault (400 type), and the request is recorded FAILED, not left QUEUED.
     */
    @Test
    void theQueuesRefusalOfTheContentsIsNotAnOutage() {
        DynamoLedger ledger = new DynamoLedger(dynamo, "requests");
        RequestIntake intake = new RequestIntake(ledger, new SqsRequestQueue(refusingSqs(), queueUrl), Clock.systemUTC());
        var payload = new CustomerRequest(null, "acme", "Acme \uffff", null, null);
        String key = "rejected-" + System.nanoTime();
        QueueRejectedException e = assertThrows(QueueRejectedException.class,
                () -> intake.accept(ORG, Operation.CREATE_CUSTOMER, key, payload, "acme"));
        assertNotNull(e.awsErrorCode());
        RequestRecord record = ledger.find(RequestIntake.requestId(ORG, Operation.CREATE_CUSTOMER, key)).orElseThrow();
        assertEquals(RequestStatus.FAILED, record.status());
        assertEquals("RejectedByQueue", record.lastError().code());
        assertEquals(0, queueDepth());
    }

    /**
     * SQS as AWS answers text it cannot carry (ElasticMQ refuses it as a malformed request
     * instead): InvalidMessageContents, HTTP 400.
     */
    private static SqsClient refusingSqs() {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        throw SqsException.builder().statusCode(400).requestId("sqs-req-1")
                                .message("Invalid binary character '#xFFFF' was found in the message body")
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidMessageContents").build())
                                .build();
                    }
                    return method.invoke(sqs, args);
                });
    }

    private static int queueDepth() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.read(response.getBody());
    }
}
