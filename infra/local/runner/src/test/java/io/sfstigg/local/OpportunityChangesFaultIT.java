package io.sfstigg.local;

import static io.sfstigg.local.OpportunityProvisioningIT.sfId;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static io.sfstigg.local.TestSystem.queueDepth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.local.stigg.Fault;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amendments and cancellations while Stigg fails every way the fault suite knows (5xx, 429,
 * timeouts, dropped connections, answers lost after applying), worker invocations are killed and
 * the DLQ is redriven twice: each is applied once (Stigg ends with exactly the last revision, one
 * live subscription, one cancellation) or visibly failed.
 */
class OpportunityChangesFaultIT {
    private static final int DEALS = 24;

    private record Deal(String account, String opportunity, String customer, int seats, String plan, boolean cancel,
            boolean immediately) {}

    @Test
    void everyAmendmentAndCancellationIsAppliedOnceUnderFaults() {
        StiggEmulator stigg = TestSystem.emulator();
        List<Deal> deals = new ArrayList<>();
        for (int i = 0; i < DEALS; i++) {
            String account = sfId("001");
            deals.add(new Deal(account, sfId("006"), SalesforceId.to18(account).orElseThrow(), 4 + i % 4,
                    i % 4 == 0 ? "plan-pro" : "plan-basic", i % 3 == 0, i % 6 == 0));
        }
        List<String> requests = new ArrayList<>();
        stigg.setRandomFaults(0.25, 17, Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_429, Fault.DROP_CONNECTION,
                Fault.APPLY_THEN_DROP, Fault.APPLY_THEN_500, Fault.slow(Duration.ofMillis(2500)),
                Fault.graphQlError("UnexpectedError", "injected"), Fault.graphQlError("RateLimitExceeded", "injected"));
        get().eventSource().killInvocations(0.1, 23);
        try {
            for (Deal deal : deals) {
                requests.add(accepted(post("/v1/opportunities/" + deal.opportunity() + "/provision",
                        body(deal, "plan-basic", 1, 1))));
                String amendment = body(deal, deal.plan(), deal.seats(), 2);
                requests.add(accepted(post("/v1/opportunities/" + deal.opportunity() + "/provision", amendment)));
                accepted(post("/v1/opportunities/" + deal.opportunity() + "/provision", amendment));
            }
            settle(requests, Duration.ofSeconds(120));
            for (Deal deal : deals) {
                if (deal.cancel()) {
                    String cancel = "{\"cancellationTime\":\"" + (deal.immediately() ? "IMMEDIATE" : "END_OF_BILLING_PERIOD") + "\"}";
                    requests.add(accepted(post("/v1/opportunities/" + deal.opportunity() + "/cancel", cancel)));
                    accepted(post("/v1/opportunities/" + deal.opportunity() + "/cancel", cancel));
                }
            }
            settle(requests, Duration.ofSeconds(90));
        } finally {
            stigg.setRandomFaults(0, 0);
            get().eventSource().killInvocations(0, 0);
        }
        redrive();
        settle(requests, Duration.ofSeconds(60));
        redrive();
        settle(requests, Duration.ofSeconds(60));

        Map<String, Integer> outcome = new HashMap<>();
        for (String requestId : requests) {
            JsonNode status = TestSystem.get("/v1/requests/" + requestId).body();
            String state = status.path("status").asText();
            boolean visible = state.equals("SUCCEEDED") || !status.path("lastError").path("code").asText().isEmpty();
            outcome.merge(visible ? state : "LOST", 1, Integer::sum);
        }
        System.out.printf("%nAmendment fault run: %d requests %s, %d Stigg calls, %d worker invocations killed or failed%n",
                requests.size(), outcome, stigg.calls().size(), get().eventSource().failedInvocations());
        assertEquals(Map.of("SUCCEEDED", requests.size()), outcome, "every request applied once its cause was gone");
        for (Deal deal : deals) {
            List<JsonNode> all = StiggCalls.subscriptions(deal.customer()).stream().map(s -> (JsonNode) s).toList();
            List<JsonNode> live = all.stream().filter(s -> !s.path("status").asText().equals("CANCELED")).toList();
            Map<String, Integer> byRequest = new HashMap<>();
            all.forEach(s -> byRequest.merge(s.path("additionalMetaData").path("provisionerRequestId").asText(), 1, Integer::sum));
            assertEquals(List.of(), byRequest.values().stream().filter(n -> n > 1).toList(), "a subscription created twice: " + all);
            if (deal.cancel() && deal.immediately()) {
                assertEquals(0, live.size(), deal + ": " + all);
                continue;
            }
            assertEquals(1, live.size(), deal + ": " + all);
            JsonNode subscription = live.get(0);
            assertEquals(deal.plan(), subscription.path("planId").asText(), deal + ": " + subscription);
            assertEquals(deal.seats(), subscription.path("addons").path(0).path("quantity").asInt(), deal + ": " + subscription);
            assertEquals(deal.cancel(), subscription.hasNonNull("cancellationDate"), deal + ": " + subscription);
        }
        assertEquals(0, queueDepth(get().deadLetterQueueUrl()));
    }

    private static String body(Deal deal, String plan, int seats, int revision) {
        return "{\"account\":{\"id\":\"" + deal.account() + "\",\"name\":\"Fault deal\"},\"revision\":" + revision
                + ",\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"" + plan + "\"},"
                + "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\",\"quantity\":" + seats + "}]}";
    }

    private static String accepted(TestSystem.Answer answer) {
        assertEquals(202, answer.status(), answer.raw().body());
        return answer.body().path("requestId").asText();
    }

    private static void settle(List<String> requests, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            boolean allFinal = requests.stream().allMatch(id -> TestSystem.get("/v1/requests/" + id).body().path("status")
                    .asText().matches("SUCCEEDED|FAILED|DEAD_LETTERED"));
            if (allFinal && queueDepth(get().queueUrl()) == 0) {
                return;
            }
            TestSystem.sleep(500);
        }
    }

    private static void redrive() {
        String dlq = get().arn(get().deadLetterQueueUrl());
        Instant deadline = Instant.now().plusSeconds(30);
        while (queueDepth(get().deadLetterQueueUrl()) > 0 && Instant.now().isBefore(deadline)) {
            if (get().sqs().listMessageMoveTasks(r -> r.sourceArn(dlq)).results().stream()
                    .noneMatch(t -> "RUNNING".equals(t.status()))) {
                get().sqs().startMessageMoveTask(r -> r.sourceArn(dlq));
            }
            TestSystem.sleep(500);
        }
    }
}
