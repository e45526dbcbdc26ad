package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The three Flow actions over HTTP, to Stigg (the emulator) and back to the ledger. */
class ProvisioningPipelineIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createCustomerSendsEveryParameterToStigg() {
        String customerId = unique("cust");
        TestSystem.Answer accepted = post("/v1/customers", """
                {"salesforceAccountId":"001Dn00000A1b2c","stiggCustomerId":"%s","name":"Acme Corp",
                 "email":"billing@acme.test","metadata":{"segment":"enterprise","seats":40}}""".formatted(customerId));
        assertEquals(202, accepted.status(), accepted.raw().body());
        assertEquals(customerId, accepted.body().path("stiggCustomerId").asText());
        assertEquals("https://app.stigg.io/local-sandbox/customers/" + customerId,
                accepted.body().path("stiggCustomerUrl").asText());
        JsonNode done = awaitStatus(accepted.body().path("requestId").asText(), "SUCCEEDED");
        assertEquals(customerId, done.path("result").path("customer").path("customerId").asText());

        JsonNode input = StiggCalls.lastInput("provisionCustomer", customerId);
        assertEquals(Json.read("""
                {"customerId":"%s","name":"Acme Corp","email":"billing@acme.test","salesforceId":"001Dn00000A1b2cIAB",
                 "additionalMetaData":{"segment":"enterprise","seats":40,
                   "salesforceUrl":"https://demo.my.salesforce.com/lightning/r/Account/001Dn00000A1b2cIAB/view"}}
                """.formatted(customerId)), input);
    }

    @Test
    void createCustomerTwiceUpdatesTheExistingCustomer() {
        String customerId = unique("cust");
        String first = awaitDone(post("/v1/customers", customer(customerId, "Acme")));
        String second = awaitDone(post("/v1/customers", customer(customerId, "Acme Renamed")));
        assertTrue(!first.equals(second));
        assertEquals(1, StiggCalls.customers(customerId).size());
        assertEquals("Acme Renamed", StiggCalls.customers(customerId).get(0).path("name").asText());
    }

    @Test
    void createSubscriptionSendsEveryParameterAndCreatesTheMissingCustomerFirst() {
        String customerId = unique("cust");
        TestSystem.Answer accepted = post("/v1/subscriptions", """
                {"salesforceAccountId":"001Dn00000A1b2c","stiggCustomerId":"%s","customerName":"Acme Corp",
                 "customerEmail":"billing@acme.test","salesforceOpportunityId":"006Dn00000B2c3d","planId":"plan-pro",
                 "planBaseChargeOverride":{"amount":990,"currencyCode":"usd"},
                 "addons":[{"addonId":"addon-seats","quantity":10},{"addonId":"addon-storage","quantity":2}],
                 "entitlements":[{"featureId":"feature-api-calls","usageLimit":100000}],
                 "billingPeriod":"Annually","paymentCollectionMethod":"invoice","trial":true,
                 "trialEndDate":"2026-12-31","startDate":"2026-12-01","resourceId":"workspace-1",
                 "creditEntitlements":[{"customCurrencyId":"cred-type-ai-tokens","amount":5000,"cadence":"YEAR",
                   "priceOverride":{"amount":50,"currencyCode":"USD"}}]}""".formatted(customerId));
        assertEquals(202, accepted.status(), accepted.raw().body());
        String requestId = accepted.body().path("requestId").asText();
        JsonNode done = awaitStatus(requestId, "SUCCEEDED");
        String subscriptionId = done.path("result").path("subscription").path("subscriptionId").asText();
        assertTrue(subscriptionId.startsWith("sub-sf-"), done.toString());
        assertEquals("SUCCEEDED", done.path("steps").path("customer").path("status").asText());
        assertEquals("IN_TRIAL", done.path("result").path("subscription").path("status").asText());

        assertEquals("Acme Corp", StiggCalls.customers(customerId).get(0).path("name").asText());
        JsonNode input = StiggCalls.lastInput("provisionSubscriptionV2", customerId);
        assertEquals(Json.read("""
                {"customerId":"%s","planId":"plan-pro","subscriptionId":"%s","billingPeriod":"ANNUALLY",
                 "paymentCollectionMethod":"INVOICE",
                 "addons":[{"addonId":"addon-seats","quantity":10},{"addonId":"addon-storage","quantity":2}],
                 "entitlements":[{"feature":{"featureId":"feature-api-calls","usageLimit":100000}},
                   {"credit":{"customCurrencyId":"cred-type-ai-tokens","amount":5000,"cadence":"YEAR"}}],
                 "priceOverrides":[{"baseCharge":true,"price":{"amount":990,"currency":"USD"}},
                   {"currencyId":"cred-type-ai-tokens","creditGrantCadence":"BEGINNING_OF_BILLING_PERIOD",
                    "price":{"amount":50,"currency":"USD"}}],
                 "trialOverrideConfiguration":{"isTrial":true,"trialEndDate":"2026-12-31T00:00:00Z"},
                 "startDate":"2026-12-01T00:00:00Z","resourceId":"workspace-1","salesforceId":"006Dn00000B2c3dIAB",
                 "additionalMetaData":{"provisionerRequestId":"%s",
                   "salesforceUrl":"https://demo.my.salesforce.com/lightning/r/Opportunity/006Dn00000B2c3dIAB/view",
                   "salesforceAccountId":"001Dn00000A1b2cIAB"}}
                """.formatted(customerId, subscriptionId, requestId)), input);
    }

    @Test
    void createCreditGrantSendsEveryParameter() {
        String customerId = unique("cust");
        awaitDone(post("/v1/customers", customer(customerId, "Acme")));
        TestSystem.Answer accepted = post("/v1/credit-grants", """
                {"stiggCustomerId":"%s","grantType":"paid","currencyId":"cred-type-ai-tokens","displayName":"Top-up",
                 "amount":2500,"resourceId":"workspace-1","comment":"Q4 deal","effectiveDate":"2026-12-01",
                 "expirationDate":"2027-12-01T12:00:00Z","priority":2,"paymentCollectionMethod":"Payment method on file",
                 "cost":{"amount":250,"currencyCode":"USD"}}""".formatted(customerId));
        assertEquals(202, accepted.status(), accepted.raw().body());
        String requestId = accepted.body().path("requestId").asText();
        JsonNode done = awaitStatus(requestId, "SUCCEEDED");
        assertNotNull(done.path("result").path("creditGrant").path("grantId").asText(null));
        assertEquals(Json.read("""
                {"customerId":"%s","currencyId":"cred-type-ai-tokens","amount":2500,"displayName":"Top-up",
                 "grantType":"PAID","effectiveAt":"2026-12-01T00:00:00Z","expireAt":"2027-12-01T12:00:00Z",
                 "priority":2,"comment":"Q4 deal","resourceId":"workspace-1","paymentCollectionMethod":"CHARGE",
                 "cost":{"amount":250,"currency":"USD"},"additionalMetaData":{"provisionerRequestId":"%s"}}
                """.formatted(customerId, requestId)), StiggCalls.lastInput("createCreditGrant", customerId));
    }

    @Test
    void sameHttpRequestTwiceProvisionsOnce() {
        String customerId = unique("cust");
        String body = subscription(customerId);
        TestSystem.Answer first = post("/v1/subscriptions", body, Map.of("Idempotency-Key", customerId));
        TestSystem.Answer second = post("/v1/subscriptions", body, Map.of("Idempotency-Key", customerId));
        assertEquals(202, second.status());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(first.body().path("requestId"), second.body().path("requestId"));
        awaitStatus(first.body().path("requestId").asText(), "SUCCEEDED");
        TestSystem.Answer third = post("/v1/subscriptions", body);
        awaitStatus(third.body().path("requestId").asText(), "SUCCEEDED");
        TestSystem.Answer fourth = post("/v1/subscriptions", body);
        assertEquals(third.body().path("requestId"), fourth.body().path("requestId"));
        assertEquals(2, StiggCalls.subscriptions(customerId).size(), "one per idempotency key");
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() {
        String customerId = unique("cust");
        post("/v1/customers", customer(customerId, "Acme"), Map.of("Idempotency-Key", customerId));
        TestSystem.Answer reused = post("/v1/customers", customer(customerId, "Other"), Map.of("Idempotency-Key", customerId));
        assertEquals(422, reused.status());
        assertEquals("urn:sfstigg:problem:idempotency-key-reused", reused.body().path("type").asText());
    }

    static String customer(String customerId, String name) {
        return "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"stiggCustomerId\":\"" + customerId + "\",\"name\":\"" + name + "\"}";
    }

    static String subscription(String customerId) {
        return "{\"stiggCustomerId\":\"" + customerId + "\",\"customerName\":\"Acme\",\"planId\":\"plan-basic\","
                + "\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":3}],\"paymentCollectionMethod\":\"INVOICE\"}";
    }

    static String awaitDone(TestSystem.Answer accepted) {
        assertEquals(202, accepted.status(), accepted.raw().body());
        String requestId = accepted.body().path("requestId").asText();
        awaitStatus(requestId, "SUCCEEDED");
        return requestId;
    }
}
