package io.sfstigg.local;

import static io.sfstigg.local.OpportunityProvisioningIT.sfId;
import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.local.stigg.Fault;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After Closed Won, over HTTP against the local system: amendments change the one subscription,
 * stale revisions are refused, cancellations reach Stigg once, renewals keep one live subscription.
 */
class OpportunityChangesIT {
    private static final Map<String, String> WAIT = Map.of("Prefer", "wait=20");

    private record Deal(String account, String opportunity, String customer) {
        static Deal fresh() {
            String account = sfId("001");
            return new Deal(account, sfId("006"), SalesforceId.to18(account).orElseThrow());
        }

        String path(String action) {
            return "/v1/opportunities/" + opportunity + (action.isEmpty() ? "" : "/" + action);
        }
    }

    private static String body(Deal deal, String extra, String lines) {
        return "{\"account\":{\"id\":\"" + deal.account() + "\",\"name\":\"Acme\"}," + extra + "\"lineItems\":[" + lines + "]}";
    }

    private static String plan(String planId) {
        return "{\"stiggType\":\"Plan\",\"stiggId\":\"" + planId + "\"}";
    }

    private static String seats(int seats) {
        return "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\",\"quantity\":" + seats + "}";
    }

    private static String modstamp(int minute) {
        return "\"systemModstamp\":\"2026-11-20T10:" + String.format("%02d", minute) + ":00.000Z\",";
    }

    private static JsonNode provisioned(Deal deal, String extra, String lines) {
        TestSystem.Answer answer = post(deal.path("provision"), body(deal, extra, lines), WAIT);
        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("SUCCEEDED", answer.body().path("status").asText(), answer.raw().body());
        return answer.body();
    }

    private static List<StiggEmulator.Call> callsFor(String field, String subscriptionId) {
        return TestSystem.emulator().calls().stream().filter(c -> field.equals(c.field()))
                .filter(c -> c.errorCode() == null && c.status() == 200)
                .filter(c -> subscriptionId.equals(c.variables().path("input").path("subscriptionId").asText(null))
                        || subscriptionId.equals(c.variables().path("input").path("subscriptionRefId").asText(null)))
                .toList();
    }

    private static List<JsonNode> live(String customer) {
        return StiggCalls.subscriptions(customer).stream().map(s -> (JsonNode) s)
                .filter(s -> !s.path("status").asText().equals("CANCELED")).toList();
    }

    private static String subscriptionOf(Deal deal) {
        return TestSystem.get(deal.path("")).body().path("subscriptionId").asText();
    }

    @Test
    void fiveToEightSeatsIsOneUpdateOfTheOneSubscriptionAndSendingItAgainCallsNothing() {
        Deal deal = Deal.fresh();
        provisioned(deal, modstamp(0), plan("plan-basic") + "," + seats(5));
        String subscriptionId = subscriptionOf(deal);

        TestSystem.Answer amended = post(deal.path("provision"), body(deal, modstamp(5), plan("plan-basic") + "," + seats(8)), WAIT);
        assertEquals(200, amended.status(), amended.raw().body());
        assertEquals("AMEND_OPPORTUNITY", amended.body().path("operation").asText());
        assertEquals("SUCCEEDED", amended.body().path("status").asText(), amended.raw().body());
        assertEquals("[\"ADDONS\"]", amended.body().path("result").path("changes").toString());
        TestSystem.Answer again = post(deal.path("provision"), body(deal, modstamp(5), plan("plan-basic") + "," + seats(8)), WAIT);
        assertEquals(amended.body().path("requestId").asText(), again.body().path("requestId").asText());
        assertEquals("true", again.header("Idempotent-Replayed"));

        assertEquals(1, callsFor("updateOneSubscription", subscriptionId).size());
        List<JsonNode> subscriptions = live(deal.customer());
        assertEquals(1, subscriptions.size());
        assertEquals(8, subscriptions.get(0).path("addons").path(0).path("quantity").asInt());

        TestSystem.Answer unchanged = post(deal.path("provision"), body(deal, modstamp(9), plan("plan-basic") + "," + seats(8)), WAIT);
        assertTrue(unchanged.body().path("result").path("unchanged").asBoolean(), unchanged.raw().body());
        assertEquals(1, callsFor("updateOneSubscription", subscriptionId).size(), "nothing changed: no Stigg call");

        JsonNode state = TestSystem.get(deal.path("")).body();
        assertEquals("2026-11-20T10:09:00Z", state.path("appliedRevision").asText());
        assertEquals(3, state.path("history").size(), state.toString());
        assertEquals(0, state.path("pending").size());
        assertEquals("https://app.stigg.io/local-sandbox/subscriptions/" + subscriptionId, state.path("subscriptionUrl").asText());
    }

    @Test
    void planUpgradeAddonRemovalAndNewBillingPeriodLeaveExactlyTheNewLines() {
        Deal deal = Deal.fresh();
        String support = "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-support\",\"quantity\":1}";
        provisioned(deal, modstamp(0) + "\"billingPeriod\":\"Monthly\",", plan("plan-basic") + "," + seats(5) + "," + support);

        TestSystem.Answer trimmed = post(deal.path("provision"), body(deal, modstamp(1) + "\"billingPeriod\":\"Annually\",",
                plan("plan-basic") + "," + seats(5)), WAIT);
        assertEquals("SUCCEEDED", trimmed.body().path("status").asText(), trimmed.raw().body());
        JsonNode afterTrim = live(deal.customer()).get(0);
        assertEquals("ANNUALLY", afterTrim.path("billingPeriod").asText());
        assertEquals(1, afterTrim.path("addons").size(), afterTrim.toString());

        TestSystem.Answer upgraded = post(deal.path("provision"), body(deal, modstamp(2),
                plan("plan-pro") + "," + seats(6)), WAIT);
        assertEquals("SUCCEEDED", upgraded.body().path("status").asText(), upgraded.raw().body());
        List<JsonNode> subscriptions = live(deal.customer());
        assertEquals(1, subscriptions.size(), "the upgrade replaces the subscription: " + subscriptions);
        JsonNode now = subscriptions.get(0);
        assertEquals("plan-pro", now.path("planId").asText());
        assertEquals("ANNUALLY", now.path("billingPeriod").asText());
        assertEquals(List.of("addon-seats:6"), now.path("addons").findValues("addonId").stream()
                .map(id -> id.asText() + ":" + now.path("addons").path(0).path("quantity").asInt()).toList());
        assertEquals(now.path("subscriptionId").asText(), subscriptionOf(deal));
        JsonNode links = TestSystem.get("/v1/links/" + deal.opportunity()).body();
        assertEquals(now.path("subscriptionId").asText(), links.path("currentSubscriptionId").asText(), links.toString());
    }

    @Test
    void anOlderRevisionThanTheAppliedOneIsA409NamingBothAndNothingReachesStigg() {
        Deal deal = Deal.fresh();
        provisioned(deal, modstamp(0), plan("plan-basic") + "," + seats(5));
        String subscriptionId = subscriptionOf(deal);
        assertEquals(200, post(deal.path("provision"), body(deal, modstamp(30), plan("plan-basic") + "," + seats(9)), WAIT).status());
        int calls = TestSystem.emulator().calls().size();

        TestSystem.Answer stale = post(deal.path("provision"), body(deal, modstamp(20), plan("plan-basic") + "," + seats(7)), WAIT);
        assertEquals(409, stale.status(), stale.raw().body());
        String detail = stale.body().path("detail").asText();
        assertTrue(detail.contains("2026-11-20T10:20:00Z") && detail.contains("2026-11-20T10:30:00Z"), detail);
        assertEquals(calls, TestSystem.emulator().calls().size(), "nothing sent to Stigg");
        assertEquals(9, live(deal.customer()).get(0).path("addons").path(0).path("quantity").asInt());
        assertEquals(1, callsFor("updateOneSubscription", subscriptionId).size());
    }

    @Test
    void anAmendmentPostedWhileTheOriginalIsQueuedIsAppliedAfterIt() {
        Deal deal = Deal.fresh();
        TestSystem.emulator().failNext("provisionSubscriptionV2", 3, Fault.HTTP_503);
        TestSystem.Answer original = post(deal.path("provision"), body(deal, modstamp(0), plan("plan-basic") + "," + seats(5)));
        TestSystem.Answer amendment = post(deal.path("provision"), body(deal, modstamp(1), plan("plan-basic") + "," + seats(8)));
        assertEquals(202, original.status(), original.raw().body());
        assertEquals(202, amendment.status(), amendment.raw().body());
        assertEquals("AMEND_OPPORTUNITY", amendment.body().path("operation").asText());
        assertEquals(2, TestSystem.get(deal.path("")).body().path("pending").size());

        JsonNode done = awaitStatus(amendment.body().path("requestId").asText(), "SUCCEEDED");
        awaitStatus(original.body().path("requestId").asText(), "SUCCEEDED");
        assertEquals("[\"ADDONS\"]", done.path("result").path("changes").toString(), done.toString());
        List<JsonNode> subscriptions = live(deal.customer());
        assertEquals(1, subscriptions.size());
        assertEquals(8, subscriptions.get(0).path("addons").path(0).path("quantity").asInt());
    }

    @Test
    void cancellationsReachStiggWithTheirValuesOnceAndUnknownOpportunitiesAreNotFound() {
        Deal atPeriodEnd = Deal.fresh();
        provisioned(atPeriodEnd, "", plan("plan-basic"));
        String first = subscriptionOf(atPeriodEnd);
        TestSystem.Answer cancelled = post(atPeriodEnd.path("cancel"), "{\"cancellationTime\":\"End of billing period\"}", WAIT);
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        TestSystem.Answer twice = post(atPeriodEnd.path("cancel"), "{\"cancellationTime\":\"END_OF_BILLING_PERIOD\"}", WAIT);
        assertEquals(cancelled.body().path("requestId").asText(), twice.body().path("requestId").asText());
        TestSystem.Answer bySubscription = post("/v1/subscriptions/" + first + "/cancel",
                "{\"cancellationTime\":\"END_OF_BILLING_PERIOD\"}", WAIT);
        assertEquals(cancelled.body().path("requestId").asText(), bySubscription.body().path("requestId").asText());
        List<StiggEmulator.Call> calls = callsFor("cancelSubscription", first);
        assertEquals(1, calls.size());
        assertEquals("END_OF_BILLING_PERIOD", calls.get(0).variables().path("input").path("subscriptionCancellationTime").asText());
        assertFalse(live(atPeriodEnd.customer()).get(0).path("cancellationDate").asText().isEmpty());

        Deal onDate = Deal.fresh();
        provisioned(onDate, "", plan("plan-basic"));
        String date = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
        TestSystem.Answer specific = post(onDate.path("cancel"), "{\"endDate\":\"" + date + "\",\"prorate\":true}", WAIT);
        assertEquals("SUCCEEDED", specific.body().path("status").asText(), specific.raw().body());
        JsonNode input = callsFor("cancelSubscription", subscriptionOf(onDate)).get(0).variables().path("input");
        assertEquals("SPECIFIC_DATE", input.path("subscriptionCancellationTime").asText());
        assertEquals(date + "T00:00:00Z", input.path("endDate").asText());
        assertTrue(input.path("prorate").asBoolean());
        assertEquals(409, post(onDate.path("provision"), body(onDate, modstamp(3), plan("plan-pro")), WAIT).status());

        TestSystem.Answer unknown = post(Deal.fresh().path("cancel"), "{}");
        assertEquals(404, unknown.status(), unknown.raw().body());
        assertTrue(unknown.body().path("detail").asText().contains("never provisioned"));
        assertEquals(404, post("/v1/subscriptions/sub-nobody-knows/cancel", "{}").status());
        assertEquals(404, TestSystem.get(Deal.fresh().path("")).status());
    }

    @Test
    void aRenewalOpportunityOnTheSameAccountChangesTheLiveSubscription() {
        Deal first = Deal.fresh();
        provisioned(first, "", plan("plan-basic") + "," + seats(5));
        Deal renewal = new Deal(first.account(), sfId("006"), first.customer());
        JsonNode renewed = provisioned(renewal, "", plan("plan-basic") + "," + seats(12));
        assertTrue(renewed.path("result").path("subscription").path("renewed").asBoolean(), renewed.toString());
        List<JsonNode> subscriptions = live(first.customer());
        assertEquals(1, subscriptions.size(), subscriptions.toString());
        assertEquals(12, subscriptions.get(0).path("addons").path(0).path("quantity").asInt());
        assertEquals(subscriptionOf(first), subscriptionOf(renewal));
    }
}
