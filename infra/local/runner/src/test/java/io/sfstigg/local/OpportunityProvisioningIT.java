package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static io.sfstigg.local.TestSystem.queueDepth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.local.stigg.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Closed-Won provisioning from line items, "with return data", and the deep links both ways. */
class OpportunityProvisioningIT {

    /** A fresh 15-character id with the given prefix, so each case has its own account and opportunity. */
    static String sfId(String prefix) {
        StringBuilder id = new StringBuilder(prefix + "Dn");
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        while (id.length() < 15) {
            id.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        return id.toString();
    }

    static Stream<Arguments> opportunities() {
        return Stream.of(
                Arguments.of("plan only", "", "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-basic\",\"quantity\":1,\"totalPrice\":0}",
                        "{\"planId\":\"plan-basic\"}"),
                Arguments.of("plan with price and add-ons with quantities", "",
                        "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":1,\"unitPrice\":1200,\"totalPrice\":1200},"
                                + "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\",\"quantity\":25},"
                                + "{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-storage\",\"quantity\":3}",
                        "{\"planId\":\"plan-pro\",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":25},"
                                + "{\"addonId\":\"addon-storage\",\"quantity\":3}],"
                                + "\"priceOverrides\":[{\"baseCharge\":true,\"price\":{\"amount\":1200,\"currency\":\"USD\"}}]}"),
                Arguments.of("entitlements", "",
                        "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-basic\"},"
                                + "{\"stiggType\":\"Entitlement\",\"stiggId\":\"feature-api-calls\",\"quantity\":50000},"
                                + "{\"stiggType\":\"Entitlement\",\"stiggId\":\"feature-projects\",\"quantity\":12}",
                        "{\"planId\":\"plan-basic\",\"entitlements\":[{\"feature\":{\"featureId\":\"feature-api-calls\","
                                + "\"usageLimit\":50000}},{\"feature\":{\"featureId\":\"feature-projects\",\"usageLimit\":12}}]}"),
                Arguments.of("credit entitlements", "",
                        "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},"
                                + "{\"stiggType\":\"Credit entitlement\",\"stiggId\":\"cred-type-ai-tokens\",\"quantity\":10000},"
                                + "{\"stiggType\":\"credit-entitlement\",\"stiggId\":\"cred-type-test\",\"quantity\":1,"
                                + "\"amount\":500,\"cadence\":\"Yearly\",\"totalPrice\":99}",
                        "{\"planId\":\"plan-pro\",\"entitlements\":[{\"credit\":{\"customCurrencyId\":\"cred-type-ai-tokens\","
                                + "\"amount\":10000,\"cadence\":\"MONTH\"}},{\"credit\":{\"customCurrencyId\":\"cred-type-test\","
                                + "\"amount\":500,\"cadence\":\"YEAR\"}}],\"priceOverrides\":[{\"currencyId\":\"cred-type-test\","
                                + "\"creditGrantCadence\":\"BEGINNING_OF_BILLING_PERIOD\",\"price\":{\"amount\":99,\"currency\":\"USD\"}}]}"),
                Arguments.of("trial", "\"trial\":true,\"trialEndDate\":\"2027-01-15\",",
                        "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-enterprise\"}",
                        "{\"planId\":\"plan-enterprise\",\"trialOverrideConfiguration\":{\"isTrial\":true,"
                                + "\"trialEndDate\":\"2027-01-15T00:00:00Z\"}}"),
                Arguments.of("billing and payment picklist labels", "\"billingPeriod\":\"Annually\","
                                + "\"paymentCollectionMethod\":\"Invoice\",",
                        "{\"stiggType\":\"plan\",\"stiggId\":\"plan-pro\"}",
                        "{\"planId\":\"plan-pro\",\"billingPeriod\":\"ANNUALLY\",\"paymentCollectionMethod\":\"INVOICE\"}"),
                Arguments.of("mixed-case Stigg Types", "",
                        "{\"stiggType\":\"PLAN\",\"stiggId\":\"plan-basic\"},{\"stiggType\":\"ADD-ON\",\"stiggId\":\"addon-support\","
                                + "\"quantity\":1},{\"stiggType\":\"eNtItLeMeNt\",\"stiggId\":\"feature-seats\",\"quantity\":5}",
                        "{\"planId\":\"plan-basic\",\"addons\":[{\"addonId\":\"addon-support\",\"quantity\":1}],"
                                + "\"entitlements\":[{\"feature\":{\"featureId\":\"feature-seats\",\"usageLimit\":5}}]}"),
                Arguments.of("euro deal with start date", "\"currencyCode\":\"eur\",\"startDate\":\"2026-12-01T09:30:00+01:00\",",
                        "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":2,\"unitPrice\":450.50}",
                        "{\"planId\":\"plan-pro\",\"startDate\":\"2026-12-01T08:30:00Z\","
                                + "\"priceOverrides\":[{\"baseCharge\":true,\"price\":{\"amount\":901,\"currency\":\"EUR\"}}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opportunities")
    void lineItemsBecomeTheExpectedStiggInputs(String name, String extra, String lines, String expected) {
        String account = sfId("001");
        String opportunity = sfId("006");
        boolean withEmail = !name.contains("trial");
        String body = "{\"account\":{\"id\":\"" + account + "\",\"name\":\"Acme " + name + "\"},"
                + (withEmail ? "\"contact\":{\"email\":\"ops@acme.test\"}," : "")
                + extra + "\"lineItems\":[" + lines + "]}";
        TestSystem.Answer accepted = post("/v1/opportunities/" + opportunity + "/provision", body,
                Map.of("Idempotency-Key", opportunity));
        assertEquals(202, accepted.status(), accepted.raw().body());
        String customerId = SalesforceId.to18(account).orElseThrow();
        assertEquals(customerId, accepted.body().path("stiggCustomerId").asText());
        assertEquals("https://app.stigg.io/local-sandbox/customers/" + customerId,
                accepted.body().path("stiggCustomerUrl").asText());
        JsonNode done = awaitStatus(accepted.body().path("requestId").asText(), "SUCCEEDED");
        assertEquals("SUCCEEDED", done.path("steps").path("customer").path("status").asText());
        assertEquals("SUCCEEDED", done.path("steps").path("subscription").path("status").asText());

        JsonNode customer = StiggCalls.customers(customerId).get(0);
        assertEquals("Acme " + name, customer.path("name").asText());
        assertEquals(withEmail ? "ops@acme.test" : "", customer.path("email").asText(""));
        JsonNode input = StiggCalls.lastInput("provisionSubscriptionV2", customerId);
        JsonNode want = Json.read(expected);
        want.fieldNames().forEachRemaining(field ->
                assertEquals(want.get(field), input.get(field), name + ": " + field + " in " + input));
        assertEquals(SalesforceId.to18(opportunity).orElseThrow(), input.path("salesforceId").asText());
    }

    static Stream<Arguments> unmappable() {
        return Stream.of(
                Arguments.of("{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\"}", List.of("lineItems")),
                Arguments.of("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Plan\",\"stiggId\":\"plan-basic\"}",
                        List.of("lineItems")),
                Arguments.of("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Bundle\",\"stiggId\":\"b\"}",
                        List.of("lineItems[1].stiggType")),
                Arguments.of("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Add-on\",\"productName\":\"Seats\"}",
                        List.of("lineItems[1].stiggId")),
                Arguments.of("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Add-on\",\"stiggId\":\"a\",\"quantity\":0}",
                        List.of("lineItems[1].quantity")),
                Arguments.of("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":-1}", List.of("lineItems[0].quantity")),
                Arguments.of("{\"stiggId\":\"plan-pro\"}", List.of("lineItems[0].stiggType", "lineItems")));
    }

    @ParameterizedTest
    @MethodSource("unmappable")
    void unmappableLineItemsAre422NamingThemAndNothingIsQueued(String lines, List<String> fields) {
        get().eventSource().pause();
        try {
            TestSystem.Answer answer = post("/v1/opportunities/" + sfId("006") + "/provision",
                    "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[" + lines + "]}");
            assertEquals(422, answer.status(), answer.raw().body());
            assertEquals("urn:sfstigg:problem:line-items-not-mappable", answer.body().path("type").asText());
            List<String> reported = new ArrayList<>();
            answer.body().path("errors").forEach(e -> reported.add(e.path("field").asText()));
            assertEquals(fields, reported, answer.raw().body());
            assertEquals(0, queueDepth(get().queueUrl()));
        } finally {
            get().eventSource().resume();
        }
    }

    @Test
    void preferWaitAnswersWithTheSubscriptionInOneCall() {
        String account = sfId("001");
        TestSystem.Answer answer = post("/v1/opportunities/" + sfId("006") + "/provision",
                "{\"account\":{\"id\":\"" + account + "\",\"name\":\"Waiting Co\"},\"lineItems\":["
                        + "{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\","
                        + "\"quantity\":4}],\"paymentCollectionMethod\":\"INVOICE\"}", Map.of("Prefer", "wait=10"));
        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("wait=10", answer.header("Preference-Applied"));
        JsonNode subscription = answer.body().path("result").path("subscription");
        assertEquals("SUCCEEDED", answer.body().path("status").asText());
        assertEquals("ACTIVE", subscription.path("status").asText());
        assertEquals("SUCCESS", subscription.path("provisionStatus").asText());
        assertEquals("plan-pro", subscription.path("planId").asText());
        assertEquals("addon-seats", subscription.path("addons").path(0).path("addonId").asText());
        assertEquals(4, subscription.path("addons").path(0).path("quantity").asInt());
        assertTrue(subscription.path("subscriptionUrl").asText().startsWith("https://app.stigg.io/local-sandbox/subscriptions/sub-sf-"));

        TestSystem.Answer subscribed = post("/v1/subscriptions", "{\"salesforceAccountId\":\"" + account
                + "\",\"planId\":\"plan-basic\",\"paymentCollectionMethod\":\"PAYMENT_METHOD_ON_FILE\"}", Map.of("Prefer", "wait=10"));
        assertEquals(200, subscribed.status());
        assertEquals("PAYMENT_REQUIRED", subscribed.body().path("result").path("subscription").path("provisionStatus").asText());
        assertTrue(subscribed.body().path("result").path("subscription").path("checkoutUrl").asText().startsWith("https://"));
    }

    @Test
    void preferWaitAnswers202WhenStiggIsSlowerAndTheRequestStillCompletes() {
        TestSystem.emulator().failNext("provisionSubscriptionV2", 1, Fault.slow(Duration.ofMillis(1500)));
        TestSystem.Answer answer = post("/v1/opportunities/" + sfId("006") + "/provision",
                "{\"account\":{\"id\":\"" + sfId("001") + "\"},\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"}]}",
                Map.of("Prefer", "wait=1"));
        assertEquals(202, answer.status(), answer.raw().body());
        assertEquals("wait=1", answer.header("Preference-Applied"));
        awaitStatus(answer.body().path("requestId").asText(), "SUCCEEDED");
    }

    @Test
    void linksServeBothDirectionsForFifteenAndEighteenCharacterIds() {
        String account = sfId("001");
        String opportunity = sfId("006");
        String account18 = SalesforceId.to18(account).orElseThrow();
        String opportunity18 = SalesforceId.to18(opportunity).orElseThrow();
        JsonNode done = awaitStatus(post("/v1/opportunities/" + opportunity + "/provision", "{\"account\":{\"id\":\"" + account
                + "\",\"name\":\"Linked\"},\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-basic\"}]}")
                .body().path("requestId").asText(), "SUCCEEDED");
        String subscriptionId = done.path("result").path("subscription").path("subscriptionId").asText();

        for (String id : new String[] {account, account18}) {
            JsonNode links = TestSystem.get("/v1/links/" + id).body();
            assertEquals(account18, links.path("stiggCustomerId").asText());
            assertEquals("https://app.stigg.io/local-sandbox/customers/" + account18, links.path("stiggCustomerUrl").asText());
            assertEquals("https://demo.my.salesforce.com/lightning/r/Account/" + account18 + "/view",
                    links.path("salesforceUrl").asText());
            assertEquals(subscriptionId, links.path("subscriptions").path(0).path("subscriptionId").asText());
            assertEquals("https://app.stigg.io/local-sandbox/subscriptions/" + subscriptionId,
                    links.path("subscriptions").path(0).path("subscriptionUrl").asText());
        }
        JsonNode byOpportunity = TestSystem.get("/v1/links/" + opportunity18).body();
        assertEquals("Opportunity", byOpportunity.path("objectType").asText());
        assertEquals(subscriptionId, byOpportunity.path("subscriptions").path(0).path("subscriptionId").asText());
        assertEquals(404, TestSystem.get("/v1/links/" + sfId("001")).status());

        JsonNode customer = StiggCalls.customers(account18).get(0);
        assertEquals(account18, customer.path("salesforceId").asText());
        assertEquals("https://demo.my.salesforce.com/lightning/r/Account/" + account18 + "/view",
                customer.path("additionalMetaData").path("salesforceUrl").asText());
        JsonNode subscription = StiggCalls.subscriptions(account18).get(0);
        assertEquals(opportunity18, subscription.path("salesforceId").asText());
        assertEquals("https://demo.my.salesforce.com/lightning/r/Opportunity/" + opportunity18 + "/view",
                subscription.path("additionalMetaData").path("salesforceUrl").asText());
        assertFalse(get().emulator().orElseThrow().state().toString().isEmpty());
    }
}
