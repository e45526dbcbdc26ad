package io.sfstigg.local.stigg;

import io.sfstigg.local.testing.MutableClock;
import static io.sfstigg.local.stigg.GraphQlClient.CUSTOMER;
import static io.sfstigg.local.stigg.GraphQlClient.GET_CUSTOMER;
import static io.sfstigg.local.stigg.GraphQlClient.GRANT;
import static io.sfstigg.local.stigg.GraphQlClient.SUBSCRIBE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.local.stigg.GraphQlClient.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Injected faults, Stigg's rate limits, concurrency and the recorded calls, over HTTP. */
class StiggEmulatorFaultsTest {
    private static final String KEY = "server-faults-test-key";
    private static final String ENV = "faults-env";
    /** The rate limits' clock: a test moves it past a window instead of waiting for it. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-31T23:00:00Z"));
    @RegisterExtension
    static final SeededStigg STIGG = new SeededStigg(KEY, ENV, CLOCK);

    private static Answer customer(String customerId) throws Exception {
        return STIGG.client().call(KEY, CUSTOMER, "{\"customerId\":\"" + customerId + "\"}");
    }

    private static Answer grant(String customerId) throws Exception {
        return STIGG.client().call(KEY, GRANT, "{\"customerId\":\"" + customerId + "\",\"currencyId\":\"cred-type-test\","
                + "\"amount\":1,\"displayName\":\"g\",\"grantType\":\"PAID\"}");
    }

    private static List<String> storedCustomers() {
        return STIGG.emulator().env(ENV).customers().stream().map(c -> c.path("customerId").asText()).toList();
    }

    @Test
    void httpFaultsApplyNothing() throws Exception {
        STIGG.emulator().failNext(1, Fault.HTTP_500);
        STIGG.emulator().failNext(1, Fault.HTTP_502);
        STIGG.emulator().failNext(1, Fault.HTTP_503);
        STIGG.emulator().failNext(1, Fault.HTTP_429);
        assertEquals(500, customer("c1").status());
        assertEquals(502, customer("c2").status());
        assertEquals(503, customer("c3").status());
        Answer limited = customer("c4");
        assertEquals(429, limited.status());
        assertEquals("RateLimitExceeded", limited.code());
        assertEquals(List.of(), storedCustomers());
        assertEquals(200, customer("c5").status(), "the queue is used up");
        assertEquals(List.of("HTTP_500", "HTTP_502", "HTTP_503", "HTTP_429"),
                STIGG.emulator().calls().stream().limit(4).map(StiggEmulator.Call::fault).toList());
    }

    @Test
    void graphQlErrorFaultAnswers200WithTheCodeAndAppliesNothing() throws Exception {
        STIGG.emulator().failNext("createCreditGrant", 1, Fault.graphQlError("OperationTimeout", "took too long"));
        customer("acme");
        Answer answer = grant("acme");
        assertEquals(200, answer.status());
        assertEquals("OperationTimeout", answer.code());
        assertEquals("took too long", answer.message());
        assertTrue(STIGG.emulator().env(ENV).creditGrants().isEmpty());
        assertEquals(200, grant("acme").status());
        assertEquals(1, STIGG.emulator().env(ENV).creditGrants().size());
    }

    @Test
    void slowFaultAndLatencyDelayTheAnswerOfAnAppliedCall() throws Exception {
        STIGG.emulator().failNext(1, Fault.slow(Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertEquals(200, customer("slow").status());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertEquals(List.of("slow"), storedCustomers());

        STIGG.emulator().setLatency(Duration.ofMillis(400));
        start = System.nanoTime();
        assertEquals(401, STIGG.client().call("server-unknown", CUSTOMER, "{}").status());
        assertTrue(System.nanoTime() - start >= 400_000_000L, "latency is added to every answer");
        STIGG.emulator().clearFaults();
        start = System.nanoTime();
        customer("fast");
        assertTrue(System.nanoTime() - start < 300_000_000L, "clearFaults forgets the latency");
    }

    @Test
    void droppedConnectionsLoseTheAnswerWithOrWithoutApplying() throws Exception {
        STIGG.emulator().failNext("provisionCustomer", 1, Fault.DROP_CONNECTION);
        assertThrows(IOException.class, () -> customer("dropped"));
        assertEquals(List.of(), storedCustomers());

        STIGG.emulator().failNext("provisionCustomer", 1, Fault.APPLY_THEN_DROP);
        assertThrows(IOException.class, () -> customer("applied-then-dropped"));
        assertEquals(List.of("applied-then-dropped"), storedCustomers());
        assertEquals("DuplicatedEntityNotAllowed", customer("applied-then-dropped").code(), "a retry sees it was applied");

        STIGG.emulator().failNext(1, Fault.APPLY_THEN_500);
        assertEquals(500, customer("applied-then-500").status());
        assertEquals(List.of("applied-then-dropped", "applied-then-500"), storedCustomers());
        assertEquals(0, STIGG.emulator().calls().get(0).status(), "a dropped answer is recorded with status 0");
    }

    @Test
    void operationFaultsHitOnlyTheirRootFieldAndGoFirst() throws Exception {
        customer("acme");
        STIGG.emulator().failNext(1, Fault.HTTP_503);
        STIGG.emulator().failNext("provisionSubscriptionV2", 2, Fault.HTTP_502);
        assertEquals(502, STIGG.client().call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\"}").status());
        assertEquals(503, STIGG.client().call(KEY, GET_CUSTOMER, "{\"customerId\":\"acme\"}").status());
        assertEquals(200, STIGG.client().call(KEY, GET_CUSTOMER, "{\"customerId\":\"acme\"}").status());
        assertEquals(502, STIGG.client().call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\"}").status());
        assertEquals(200, STIGG.client().call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\"}").status());
        assertEquals(1, STIGG.emulator().env(ENV).subscriptions().size());
    }

    @Test
    void randomFaultsAreReproducibleFromTheirSeed() throws Exception {
        List<Integer> first = randomRun();
        List<Integer> second = randomRun();
        assertEquals(first, second);
        assertTrue(first.contains(503) && first.contains(200), first.toString());
        STIGG.emulator().setRandomFaults(0, 0);
        assertEquals(200, customer("calm").status());
    }

    private static List<Integer> randomRun() throws Exception {
        STIGG.emulator().reset();
        STIGG.emulator().setRandomFaults(0.5, 42, Fault.HTTP_503);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(customer("r" + i).status());
        }
        return statuses;
    }

    @Test
    void perEntityLimitRefusesWritesUntilTheWindowEnds() throws Exception {
        STIGG.emulator().setRateLimits(3, 100, Duration.ofMillis(700));
        customer("busy");
        STIGG.client().call(KEY, SUBSCRIBE, "{\"customerId\":\"busy\",\"planId\":\"plan-basic\"}");
        grant("busy");
        Answer limited = grant("busy");
        assertEquals(429, limited.status());
        assertEquals("{\"errors\":[{\"message\":\"Rate limit exceeded\",\"extensions\":{\"code\":\"RateLimitExceeded\"}}]}",
                limited.body().toString());
        assertEquals(1, STIGG.emulator().env(ENV).creditGrants().size(), "a refused write is not applied");
        assertEquals(200, customer("calm").status(), "other customers are not limited");
        assertEquals(200, STIGG.client().call(KEY, GET_CUSTOMER, "{\"customerId\":\"busy\"}").status(), "reads are not limited");
        CLOCK.advance(Duration.ofMillis(699));
        assertEquals(429, grant("busy").status(), "the window has not ended");
        CLOCK.advance(Duration.ofMillis(1));
        assertEquals(200, grant("busy").status());
        assertEquals(2, STIGG.emulator().env(ENV).creditGrants().size());
    }

    @Test
    void perOperationLimitCountsEachOperationPerEnvironment() throws Exception {
        STIGG.emulator().setRateLimits(30, 2, Duration.ofMinutes(1));
        customer("a");
        customer("b");
        assertEquals(429, customer("c").status());
        grant("a");
        grant("b");
        assertEquals(429, grant("a").status());
        STIGG.emulator().addApiKey("server-faults-other", "faults-other-env");
        assertEquals(200, STIGG.client().call("server-faults-other", CUSTOMER, "{\"customerId\":\"c\"}").status());
        assertEquals(Map.of("createCreditGrant", 3L, "provisionCustomer", 4L), STIGG.emulator().callCounts());
        assertEquals(2, STIGG.emulator().calls().stream().filter(c -> "RateLimitExceeded".equals(c.errorCode())).count());
    }

    @Test
    void concurrentDuplicatesHaveExactlyOneWinner() throws Exception {
        List<Answer> answers = inParallel(20, i -> customer("race"));
        assertEquals(1, answers.stream().filter(a -> a.code() == null).count());
        assertEquals(19, answers.stream().filter(a -> "DuplicatedEntityNotAllowed".equals(a.code())).count());
        customer("acme");
        List<Answer> subscriptions = inParallel(20, i ->
                STIGG.client().call(KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"sub-race\"}"));
        assertEquals(1, subscriptions.stream().filter(a -> a.code() == null).count());
        assertEquals(1, STIGG.emulator().env(ENV).subscriptions().size());
    }

    @Test
    void fiftyClientsAtOnceAreAllServed() throws Exception {
        STIGG.emulator().setRateLimits(30, 1_000, Duration.ofMinutes(1));
        STIGG.emulator().failNext(5, Fault.slow(Duration.ofMillis(400)));
        List<Answer> answers = inParallel(50, i -> customer("client-" + i));
        assertTrue(answers.stream().allMatch(a -> a.status() == 200 && a.code() == null));
        assertEquals(50, STIGG.emulator().env(ENV).customers().size());
        assertEquals(50, STIGG.emulator().calls().size());
        assertEquals(5, STIGG.emulator().calls().stream().filter(c -> "SLOW_400ms".equals(c.fault())).count());
    }

    @Test
    void recordsEachCallWithoutTheKey() throws Exception {
        customer("acme");
        STIGG.emulator().failNext(1, Fault.graphQlError("UnexpectedError", "boom"));
        customer("acme-2");
        StiggEmulator.Call ok = STIGG.emulator().calls().get(0);
        assertEquals(ENV, ok.environment());
        assertEquals("ProvisionCustomer", ok.operationName());
        assertEquals("provisionCustomer", ok.field());
        assertEquals("acme", ok.variables().path("input").path("customerId").asText());
        assertEquals(200, ok.status());
        assertEquals(null, ok.errorCode());
        StiggEmulator.Call failed = STIGG.emulator().calls().get(1);
        assertEquals("UnexpectedError", failed.errorCode());
        assertEquals("GRAPHQL_ERROR_UnexpectedError", failed.fault());
        assertTrue(!STIGG.emulator().calls().toString().contains(KEY));
    }

    @Test
    void closesPromptlyAndFreesItsPort() throws Exception {
        StiggEmulator other = StiggEmulator.start(0);
        other.addApiKey(KEY, ENV);
        other.failNext(1, Fault.slow(Duration.ofSeconds(30)));
        GraphQlClient otherClient = new GraphQlClient(other.graphqlUrl());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Answer> stuck = pool.submit(() -> otherClient.call(KEY, CUSTOMER, "{\"customerId\":\"a\"}"));
        await("the slow call is being answered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> other.queuedFaults() == 0);
        long start = System.nanoTime();
        other.close();
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "close took too long");
        assertThrows(Exception.class, stuck::get);
        pool.shutdownNow();
        Exception refused = assertThrows(IOException.class, () -> otherClient.call(KEY, CUSTOMER, "{}"));
        assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException, refused.toString());
    }

    private interface Request {
        Answer send(int index) throws Exception;
    }

    private static List<Answer> inParallel(int clients, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Answer>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int index = i;
                tasks.add(() -> request.send(index));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : pool.invokeAll(tasks)) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
