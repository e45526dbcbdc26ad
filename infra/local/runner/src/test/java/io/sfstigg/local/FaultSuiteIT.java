package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static io.sfstigg.local.TestSystem.queueDepth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.local.stigg.Fault;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A few hundred requests of every kind while Stigg fails in every way it can (5xx bursts, 429s,
 * answers slower than the client's timeout, dropped connections, answers lost after applying,
 * permanent errors), worker invocations are killed mid-batch so messages are redelivered, and
 * the DLQ is redriven twice. Nothing may be lost, nothing provisioned twice.
 */
class FaultSuiteIT {
    private static final int REQUESTS = 300;
    private static final String MISSING_PLAN = "plan-suite-" + UUID.randomUUID().toString().substring(0, 6);

    private record Sent(String kind, String requestId, String customerId) {}

    @Test
    void nothingIsLostOrDuplicatedUnderFaults() throws Exception {
        StiggEmulator stigg = TestSystem.emulator();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(42);
        stigg.setRandomFaults(0.25, 7, Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_429, Fault.DROP_CONNECTION,
                Fault.APPLY_THEN_DROP, Fault.APPLY_THEN_500, Fault.slow(Duration.ofMillis(2500)),
                Fault.graphQlError("UnexpectedError", "injected"), Fault.graphQlError("RateLimitExceeded", "injected"));
        get().eventSource().killInvocations(0.1, 11);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        int duplicatesSent;
        try {
            List<String> bodies = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String customer = "suite-" + run + "-" + (i % 120);
                double roll = i < 120 ? 0 : random.nextDouble();
                customers.add(customer);
                if (roll < 0.4) {
                    kinds.add("customer");
                    bodies.add("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"stiggCustomerId\":\"" + customer
                            + "\",\"name\":\"Suite " + i + "\"}");
                } else if (roll < 0.75) {
                    kinds.add("subscription");
                    String plan = random.nextDouble() < 0.1 ? MISSING_PLAN : "plan-basic";
                    bodies.add("{\"stiggCustomerId\":\"" + customer + "\",\"customerName\":\"Suite\",\"planId\":\"" + plan
                            + "\",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":" + (1 + i % 5) + "}],"
                            + "\"paymentCollectionMethod\":\"INVOICE\",\"resourceId\":\"r-" + i + "\"}");
                } else {
                    kinds.add("grant");
                    bodies.add("{\"stiggCustomerId\":\"" + customer + "\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":"
                            + "\"cred-type-test\",\"displayName\":\"Suite " + i + "\",\"amount\":" + (10 + i) + "}");
                }
            }
            ExecutorService clients = Executors.newFixedThreadPool(10);
            List<Future<?>> done = new ArrayList<>();
            int[] duplicates = {0};
            for (int i = 0; i < REQUESTS; i++) {
                int index = i;
                boolean twice = random.nextDouble() < 0.1;
                duplicates[0] += twice ? 1 : 0;
                done.add(clients.submit(() -> {
                    String path = switch (kinds.get(index)) {
                        case "customer" -> "/v1/customers";
                        case "subscription" -> "/v1/subscriptions";
                        default -> "/v1/credit-grants";
                    };
                    TestSystem.Answer answer = post(path, bodies.get(index));
                    assertEquals(202, answer.status(), answer.raw().body());
                    if (twice) {
                        TestSystem.Answer again = post(path, bodies.get(index));
                        assertTrue(again.status() == 202 || again.status() == 409, again.raw().body());
                    }
                    sent.add(new Sent(kinds.get(index), answer.body().path("requestId").asText(), customers.get(index)));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
            duplicatesSent = duplicates[0];
            settle(sent, Duration.ofSeconds(150));
        } finally {
            stigg.setRandomFaults(0, 0);
            get().eventSource().killInvocations(0, 0);
        }
        Table afterChaos = table(sent);

        redrive();
        settle(sent, Duration.ofSeconds(60));
        stigg.env("local-sandbox").addPlan(MISSING_PLAN, true);
        System.out.println(Instant.now() + " plan added");
        redrive();
        settle(sent, Duration.ofSeconds(60));
        Table afterRedrives = table(sent);
        System.out.println("queue " + queueDepth(get().queueUrl()) + ", DLQ " + queueDepth(get().deadLetterQueueUrl()));

        System.out.printf("%nFault suite: %d requests (%d sent twice), %d Stigg calls, %d worker invocations killed or failed%n",
                REQUESTS, duplicatesSent, stigg.calls().size(), get().eventSource().failedInvocations());
        System.out.println("| phase | sent | succeeded | failed with a visible reason | lost | duplicated in Stigg |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.println(afterChaos.row("after the faults"));
        System.out.println(afterRedrives.row("after fixing the plan and two DLQ redrives"));
        assertEquals(0, afterChaos.lost());
        assertEquals(0, afterChaos.duplicated());
        assertEquals(0, afterRedrives.lost());
        assertEquals(0, afterRedrives.duplicated());
        assertEquals(REQUESTS, afterRedrives.succeeded(), "every request succeeds once its cause is fixed");
        assertTrue(afterChaos.failedVisibly() > 0, "the permanent errors were failed visibly first");
        assertEquals(0, StiggEmulatorCounts.validationFailures(stigg));
        assertEquals(0, queueDepth(get().deadLetterQueueUrl()), "the DLQ is empty once every request succeeded");
    }

    record Table(int sent, int succeeded, int failedVisibly, int lost, int duplicated) {
        String row(String phase) {
            return "| " + phase + " | " + sent + " | " + succeeded + " | " + failedVisibly + " | " + lost + " | " + duplicated + " |";
        }
    }

    private static Table table(List<Sent> sent) {
        int succeeded = 0;
        int failed = 0;
        int lost = 0;
        int duplicated = 0;
        Map<String, Integer> subscriptionsByRequest = countByRequest(StiggCallsOfRun.subscriptions());
        Map<String, Integer> grantsByRequest = countByRequest(StiggCallsOfRun.grants());
        for (Sent request : sent) {
            JsonNode status = TestSystem.get("/v1/requests/" + request.requestId()).body();
            String state = status.path("status").asText();
            boolean visibleFailure = (state.equals("FAILED") || state.equals("DEAD_LETTERED"))
                    && !status.path("lastError").path("code").asText().isEmpty();
            if (state.equals("SUCCEEDED")) {
                succeeded++;
            } else if (visibleFailure) {
                failed++;
                System.out.println("failed: " + request + " " + status.path("status").asText() + " "
                        + status.path("lastError") + " deadLetteredAt=" + status.path("deadLetteredAt").asText());
            } else {
                lost++;
                System.out.println("not final: " + request + " " + status);
            }
            int inStigg = switch (request.kind()) {
                case "subscription" -> subscriptionsByRequest.getOrDefault(request.requestId(), 0);
                case "grant" -> grantsByRequest.getOrDefault(request.requestId(), 0);
                default -> StiggCalls.customers(request.customerId()).size();
            };
            if (inStigg > 1 || (state.equals("SUCCEEDED") && inStigg == 0)) {
                System.out.println("in Stigg " + inStigg + " times: " + request + " " + status);
                duplicated += inStigg > 1 ? 1 : 0;
                lost += inStigg == 0 ? 1 : 0;
            }
        }
        return new Table(sent.size(), succeeded, failed, lost, duplicated);
    }

    private static Map<String, Integer> countByRequest(List<JsonNode> entities) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode entity : entities) {
            String requestId = entity.path("additionalMetaData").path("provisionerRequestId").asText(null);
            if (requestId != null) {
                counts.merge(requestId, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Waits until every request is final, the queue has stayed empty for a few seconds and no DLQ
     * redrive is moving messages, or the time is up. A failed request is final while its message is
     * still on its way to the DLQ (or, redriven, being tried again): the queue tells when it is there.
     */
    private static void settle(List<Sent> sent, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        java.util.Set<String> seenFinal = new java.util.HashSet<>();
        Instant quietSince = null;
        while (Instant.now().isBefore(deadline)) {
            // a request seen final is not asked again: the queue's depth shows what is still under way
            sent.stream().map(Sent::requestId).filter(id -> !seenFinal.contains(id) && isFinal(id)).forEach(seenFinal::add);
            boolean quiet = queueDepth(get().queueUrl()) == 0 && !moving();
            quietSince = quiet ? (quietSince == null ? Instant.now() : quietSince) : null;
            boolean stable = quietSince != null && Instant.now().isAfter(quietSince.plusSeconds(3));
            if (stable && seenFinal.size() == sent.size()) {
                System.out.println(Instant.now() + " settled: queue " + queueDepth(get().queueUrl()) + ", DLQ "
                        + queueDepth(get().deadLetterQueueUrl()));
                return;
            }
            if (quietSince != null && Instant.now().isAfter(quietSince.plusSeconds(15))) {
                System.out.println(Instant.now() + " quiet for 15 s with " + (sent.size() - seenFinal.size()) + " not final");
                return; // nothing left to happen: what is not final now is lost
            }
            TestSystem.sleep(500);
        }
    }

    private static boolean isFinal(String requestId) {
        String status = TestSystem.get("/v1/requests/" + requestId).body().path("status").asText();
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("DEAD_LETTERED");
    }

    /** Moves the DLQ's messages back and waits until the move is done. */
    private static void redrive() {
        String dlq = get().arn(get().deadLetterQueueUrl());
        Instant deadline = Instant.now().plusSeconds(60);
        while ((queueDepth(get().deadLetterQueueUrl()) > 0 || moving()) && Instant.now().isBefore(deadline)) {
            if (queueDepth(get().deadLetterQueueUrl()) > 0 && !moving()) {
                System.out.println(Instant.now() + " redrive: DLQ " + queueDepth(get().deadLetterQueueUrl()) + ", queue "
                        + queueDepth(get().queueUrl()));
                get().sqs().startMessageMoveTask(r -> r.sourceArn(dlq));
            }
            TestSystem.sleep(500);
        }
    }

    private static boolean moving() {
        String dlq = get().arn(get().deadLetterQueueUrl());
        return get().sqs().listMessageMoveTasks(r -> r.sourceArn(dlq)).results().stream()
                .anyMatch(t -> "RUNNING".equals(t.status()));
    }

    /** Stigg entities created by requests (they carry the request id in their metadata). */
    private static final class StiggCallsOfRun {
        static List<JsonNode> subscriptions() {
            return new ArrayList<>(TestSystem.emulator().env(StiggCalls.ENVIRONMENT).subscriptions());
        }

        static List<JsonNode> grants() {
            return new ArrayList<>(TestSystem.emulator().env(StiggCalls.ENVIRONMENT).creditGrants());
        }
    }

    private static final class StiggEmulatorCounts {
        static int validationFailures(StiggEmulator stigg) {
            return stigg.validationFailures().size();
        }
    }
}
