package io.sfstigg.local.stigg;

import static io.sfstigg.local.stigg.GraphQlClient.CUSTOMER;
import static io.sfstigg.local.stigg.GraphQlClient.SUBSCRIBE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.local.stigg.GraphQlClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** updateOneSubscription and cancelSubscription, and a new plan replacing a live subscription, as Stigg does them. */
class StiggEmulatorSubscriptionChangesTest {
    private static final String KEY = "server-emulator-changes-key";
    private static final String ENV = "changes-env";
    static final String UPDATE_SUBSCRIPTION = """
            mutation UpdateSubscription($input: UpdateSubscriptionInput!) {
              updateOneSubscription(input: $input) {
                subscriptionId status billingPeriod cancellationDate currentBillingPeriodEnd
                plan { refId } addons { addonId quantity }
                scheduledUpdates {
                  subscriptionScheduleType scheduleStatus scheduledExecutionTime
                  scheduleVariables { __typename ... on AddonChangeVariables { addonRefId newQuantity } }
                }
              }
            }""";
    static final String CANCEL_SUBSCRIPTION = """
            mutation CancelSubscription($input: SubscriptionCancellationInput!) {
              cancelSubscription(input: $input) { subscriptionId status cancellationDate effectiveEndDate currentBillingPeriodEnd }
            }""";
    @RegisterExtension
    static final SeededStigg STIGG = new SeededStigg(KEY, ENV);

    @BeforeEach
    void acmeSubscribed() throws Exception {
        assertEquals(200, call(CUSTOMER, "{\"customerId\":\"acme\"}").status());
        Answer subscribed = call(SUBSCRIBE, """
                {"customerId":"acme","planId":"plan-basic","subscriptionId":"sub-1","billingPeriod":"MONTHLY",
                 "startDate":"2026-11-01T00:00:00Z","addons":[{"addonId":"addon-seats","quantity":5},{"addonId":"addon-support"}]}""");
        assertEquals("SUCCESS", subscribed.data("provisionSubscriptionV2").path("status").asText(), subscribed.body().toString());
    }

    private static Answer call(String document, String input) throws Exception {
        return STIGG.client().call(KEY, document, input);
    }

    private static JsonNode stored(String subscriptionId) {
        return STIGG.emulator().env(ENV).subscriptions().stream().filter(s -> subscriptionId.equals(s.path("subscriptionId").asText()))
                .findFirst().orElseThrow();
    }

    @Test
    void immediateUpdateReplacesTheAddonsAndBillingPeriod() throws Exception {
        JsonNode updated = call(UPDATE_SUBSCRIPTION, """
                {"subscriptionId":"sub-1","addons":[{"addonId":"addon-seats","quantity":8}],"billingPeriod":"ANNUALLY",
                 "scheduleStrategy":"IMMEDIATE"}""").data("updateOneSubscription");
        assertEquals("ANNUALLY", updated.path("billingPeriod").asText());
        assertEquals(1, updated.path("addons").size(), "the add-on left out is removed");
        assertEquals(8.0, updated.path("addons").path(0).path("quantity").asDouble());
        assertEquals(0, updated.path("scheduledUpdates").size());
        assertEquals(8, stored("sub-1").path("addons").path(0).path("quantity").asInt());
    }

    @Test
    void endOfBillingPeriodUpdateIsScheduledAndVisible() throws Exception {
        JsonNode updated = call(UPDATE_SUBSCRIPTION, """
                {"subscriptionId":"sub-1","addons":[{"addonId":"addon-seats","quantity":3}],
                 "scheduleStrategy":"END_OF_BILLING_PERIOD"}""").data("updateOneSubscription");
        assertEquals(5.0, updated.path("addons").path(0).path("quantity").asDouble(), "nothing changes before the period ends");
        JsonNode scheduled = updated.path("scheduledUpdates").path(0);
        assertEquals("Addon", scheduled.path("subscriptionScheduleType").asText());
        assertEquals("Scheduled", scheduled.path("scheduleStatus").asText());
        assertEquals("2026-12-01T00:00:00Z", scheduled.path("scheduledExecutionTime").asText());
        assertEquals(3.0, scheduled.path("scheduleVariables").path("newQuantity").asDouble());
        assertEquals("Addon", stored("sub-1").path("scheduledUpdates").path(0).path("subscriptionScheduleType").asText());
        assertTrue(SandboxPage.render(java.util.Map.of(ENV, STIGG.emulator().env(ENV)), java.util.List.of(), java.util.Map.of()).contains("newQuantity"));
    }

    @Test
    void unknownOrCancelledSubscriptionsAreRefused() throws Exception {
        assertEquals("SubscriptionNotFound", call(UPDATE_SUBSCRIPTION, "{\"subscriptionId\":\"sub-x\"}").code());
        assertEquals("SubscriptionNotFound", call(CANCEL_SUBSCRIPTION, "{\"subscriptionRefId\":\"sub-x\"}").code());
        JsonNode cancelled = call(CANCEL_SUBSCRIPTION,
                "{\"subscriptionRefId\":\"sub-1\",\"subscriptionCancellationTime\":\"IMMEDIATE\"}").data("cancelSubscription");
        assertEquals("CANCELED", cancelled.path("status").asText());
        assertEquals("SubscriptionAlreadyCanceledOrExpired",
                call(CANCEL_SUBSCRIPTION, "{\"subscriptionRefId\":\"sub-1\",\"subscriptionCancellationTime\":\"IMMEDIATE\"}").code());
        assertEquals("SubscriptionAlreadyCanceledOrExpired",
                call(UPDATE_SUBSCRIPTION, "{\"subscriptionId\":\"sub-1\",\"billingPeriod\":\"ANNUALLY\"}").code());
    }

    @Test
    void cancelAtPeriodEndOrOnADateKeepsItActiveUntilThen() throws Exception {
        JsonNode atPeriodEnd = call(CANCEL_SUBSCRIPTION, """
                {"subscriptionRefId":"sub-1","subscriptionCancellationTime":"END_OF_BILLING_PERIOD",
                 "subscriptionCancellationAction":"DEFAULT","prorate":false}""").data("cancelSubscription");
        assertEquals("ACTIVE", atPeriodEnd.path("status").asText());
        assertEquals("2026-12-01T00:00:00Z", atPeriodEnd.path("cancellationDate").asText());
        String date = Instant.now().plus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        JsonNode onDate = call(CANCEL_SUBSCRIPTION, "{\"subscriptionRefId\":\"sub-1\",\"subscriptionCancellationTime\":"
                + "\"SPECIFIC_DATE\",\"endDate\":\"" + date + "\"}").data("cancelSubscription");
        assertEquals(date, onDate.path("cancellationDate").asText());
        assertEquals("SPECIFIC_DATE", stored("sub-1").path("subscriptionCancellationTime").asText());
        assertEquals("BadUserInput", call(CANCEL_SUBSCRIPTION,
                "{\"subscriptionRefId\":\"sub-1\",\"subscriptionCancellationTime\":\"SPECIFIC_DATE\"}").code());
    }

    @Test
    void aNewPlanReplacesTheLiveSubscriptionAtOnceOrAtPeriodEnd() throws Exception {
        JsonNode upgraded = call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"sub-2\"}")
                .data("provisionSubscriptionV2");
        assertEquals("ACTIVE", upgraded.path("subscription").path("status").asText());
        assertEquals("CANCELED", stored("sub-1").path("status").asText());
        assertEquals("UpgradeOrDowngrade", stored("sub-1").path("cancelReason").asText());

        Answer downgrade = call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-basic\",\"subscriptionId\":\"sub-3\","
                + "\"scheduleStrategy\":\"END_OF_BILLING_PERIOD\"}");
        assertEquals("NOT_STARTED", downgrade.data("provisionSubscriptionV2").path("subscription").path("status").asText());
        assertEquals("ACTIVE", stored("sub-2").path("status").asText());
        assertEquals("Plan", stored("sub-2").path("scheduledUpdates").path(0).path("subscriptionScheduleType").asText());
        assertEquals(List.of("CANCELED", "ACTIVE", "NOT_STARTED"), STIGG.emulator().env(ENV).subscriptions().stream()
                .map(s -> s.path("status").asText()).toList());
    }
}
