package io.sfstigg.local.stigg;

import static io.sfstigg.local.stigg.GraphQlClient.CUSTOMER;
import static io.sfstigg.local.stigg.GraphQlClient.GET_CUSTOMER;
import static io.sfstigg.local.stigg.GraphQlClient.GRANT;
import static io.sfstigg.local.stigg.GraphQlClient.GRANTS;
import static io.sfstigg.local.stigg.GraphQlClient.JSON;
import static io.sfstigg.local.stigg.GraphQlClient.SUBSCRIBE;
import static io.sfstigg.local.stigg.GraphQlClient.SUBSCRIBE_V1;
import static io.sfstigg.local.stigg.GraphQlClient.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.local.stigg.GraphQlClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stigg's semantics over HTTP: auth, each operation's answers and errors, validation, environments, views. */
class StiggEmulatorTest {
    private static final String KEY = "server-emulator-test-key";
    private static final String OTHER_KEY = "server-emulator-other-key";
    private static final String ENV = "test-env";
    @RegisterExtension
    static final SeededStigg STIGG = new SeededStigg(KEY, ENV);

    private static Answer call(String document, String input) throws Exception {
        return STIGG.client().call(KEY, document, input);
    }

    private static void customer(String customerId) throws Exception {
        assertEquals(200, call(CUSTOMER, "{\"customerId\":\"" + customerId + "\"}").status());
    }

    private static void assertBusinessError(String code, Answer answer) {
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(code, answer.code(), answer.body().toString());
        assertFalse(answer.body().path("errors").path(0).path("extensions").path("traceId").asText().isEmpty());
        assertTrue(answer.body().path("data").isNull() || answer.body().path("data").isMissingNode(), answer.body().toString());
    }

    @Test
    void refusesMissingUnknownAndRemovedKeysWithoutEchoingThem() throws Exception {
        Answer missing = STIGG.client().call(null, CUSTOMER, "{\"customerId\":\"a\"}");
        assertEquals(401, missing.status());
        assertEquals("{\"errors\":[{\"message\":\"Unauthenticated\",\"extensions\":{\"code\":\"Unauthenticated\"}}]}",
                missing.body().toString());
        Answer unknown = STIGG.client().call("server-wrong-key", CUSTOMER, "{\"customerId\":\"a\"}");
        assertEquals(401, unknown.status());
        assertFalse(unknown.body().toString().contains("server-wrong-key"));
        STIGG.emulator().addApiKey("server-temporary", ENV);
        customer("via-temporary-key");
        STIGG.emulator().removeApiKey("server-temporary");
        assertEquals(401, STIGG.client().call("server-temporary", CUSTOMER, "{\"customerId\":\"b\"}").status());
        assertEquals(List.of("via-temporary-key"), STIGG.emulator().env(ENV).customers().stream()
                .map(c -> c.path("customerId").asText()).toList());
        List<StiggEmulator.Call> calls = STIGG.emulator().calls();
        assertEquals(4, calls.size());
        assertEquals(null, calls.get(0).environment());
        assertEquals(ENV, calls.get(2).environment());
        assertFalse(calls.toString().contains("server-"), "no key in the recorded calls");
        assertFalse(STIGG.emulator().state().toString().contains("server-"), "no key in the state");
    }

    @Test
    void provisionsCustomersWithEveryFieldOnceAndGeneratesIds() throws Exception {
        Answer created = call(CUSTOMER, """
                {"customerId":"acme","name":"Acme","email":"ops@acme.test","salesforceId":"001Dn00000A1b2c",
                 "billingId":"cus_1","additionalMetaData":{"salesforceUrl":"https://sf.test/001"},"couponRefId":"c-1"}""");
        JsonNode customer = created.data("provisionCustomer").path("customer");
        assertEquals("acme", customer.path("customerId").asText());
        assertEquals("acme", customer.path("refId").asText());
        assertEquals("ops@acme.test", customer.path("email").asText());
        assertEquals("https://sf.test/001", customer.path("additionalMetaData").path("salesforceUrl").asText());
        assertEquals(36, customer.path("id").asText().length());
        assertFalse(customer.path("hasPaymentMethod").asBoolean(true));
        assertEquals("SKIPPED_SUBSCRIPTION_CREATION", created.data("provisionCustomer").path("subscriptionDecisionStrategy").asText());
        JsonNode stored = STIGG.emulator().env(ENV).customers().get(0);
        assertEquals("cus_1", stored.path("billingId").asText());
        assertEquals("c-1", stored.path("couponRefId").asText());
        assertEquals("001Dn00000A1b2c", stored.path("salesforceId").asText());

        assertBusinessError("DuplicatedEntityNotAllowed", call(CUSTOMER, "{\"customerId\":\"acme\",\"name\":\"Other\"}"));
        assertEquals("Acme", STIGG.emulator().env(ENV).customers().get(0).path("name").asText());

        Answer generated = call(CUSTOMER, "{\"name\":\"No id\"}");
        assertTrue(generated.data("provisionCustomer").path("customer").path("customerId").asText().startsWith("customer-"));
        assertEquals(2, STIGG.emulator().env(ENV).customers().size());
    }

    @Test
    void updatesTheGivenFieldsOfAnExistingCustomer() throws Exception {
        call(CUSTOMER, "{\"customerId\":\"acme\",\"name\":\"Acme\",\"email\":\"old@acme.test\"}");
        Answer updated = call(UPDATE, """
                {"customerId":"acme","email":"new@acme.test","salesforceId":"001X","additionalMetaData":{"k":"v"}}""");
        JsonNode customer = updated.data("updateOneCustomer");
        assertEquals("Acme", customer.path("name").asText());
        assertEquals("new@acme.test", customer.path("email").asText());
        assertEquals("v", customer.path("additionalMetaData").path("k").asText());
        assertEquals("001X", STIGG.emulator().env(ENV).customers().get(0).path("salesforceId").asText());
        assertBusinessError("CustomerNotFound", call(UPDATE, "{\"customerId\":\"nobody\",\"name\":\"x\"}"));
        assertEquals("By ref", call(UPDATE, "{\"refId\":\"acme\",\"name\":\"By ref\"}").data("updateOneCustomer").path("name").asText());
    }

    @Test
    void provisionsSubscriptionsStoringEveryInputAndAnsweringEveryField() throws Exception {
        customer("acme");
        Answer answer = call(SUBSCRIBE, """
                {"customerId":"acme","planId":"plan-pro","subscriptionId":"sub-1","billingPeriod":"ANNUALLY",
                 "paymentCollectionMethod":"INVOICE","startDate":"2026-12-01T00:00:00Z","salesforceId":"006X",
                 "resourceId":"workspace-1","unitQuantity":3,
                 "additionalMetaData":{"salesforceUrl":"https://sf.test/006X"},
                 "addons":[{"addonId":"addon-seats","quantity":5},{"addonId":"addon-support"}],
                 "priceOverrides":[{"baseCharge":true,"price":{"amount":990,"currency":"EUR"}}],
                 "entitlements":[{"feature":{"featureId":"feature-api-calls","usageLimit":1000,"resetPeriod":"MONTH"}},
                                 {"credit":{"customCurrencyId":"cred-type-ai-tokens","amount":500,"cadence":"MONTH"}}]}""");
        assertEquals(200, answer.status(), answer.body().toString());
        assertFalse(answer.body().has("errors"), answer.body().toString());
        JsonNode result = answer.data("provisionSubscriptionV2");
        assertEquals("SUCCESS", result.path("status").asText());
        assertTrue(result.path("checkoutUrl").isNull());
        JsonNode subscription = result.path("subscription");
        assertEquals("sub-1", subscription.path("subscriptionId").asText());
        assertEquals("ACTIVE", subscription.path("status").asText());
        assertEquals("ANNUALLY", subscription.path("billingPeriod").asText());
        assertEquals("2026-12-01T00:00:00Z", subscription.path("startDate").asText());
        assertEquals("plan-pro", subscription.path("plan").path("refId").asText());
        assertEquals("Pro", subscription.path("plan").path("displayName").asText());
        assertEquals("PAID", subscription.path("pricingType").asText());
        assertEquals("addon-seats", subscription.path("addons").path(0).path("addon").path("refId").asText());
        assertEquals(5.0, subscription.path("addons").path(0).path("quantity").asDouble());
        assertEquals(1.0, subscription.path("addons").path(1).path("quantity").asDouble());
        assertEquals("acme", subscription.path("customer").path("customerId").asText());
        assertEquals(subscription.path("customer").path("id").asText(), subscription.path("customerId").asText(),
                "CustomerSubscription.customerId is the customer's UUID, as in the schema");
        assertEquals("SubscriptionFeatureEntitlement", subscription.path("entitlements").path(0).path("__typename").asText());
        assertEquals(1000.0, subscription.path("entitlements").path(0).path("usageLimit").asDouble());
        assertEquals("cred-type-ai-tokens", subscription.path("entitlements").path(1).path("customCurrency").path("currencyId").asText());

        JsonNode stored = STIGG.emulator().env(ENV).subscriptions().get(0);
        assertEquals("acme", stored.path("customerId").asText());
        assertEquals("plan-pro", stored.path("planId").asText());
        assertEquals(990, stored.path("priceOverrides").path(0).path("price").path("amount").asInt());
        assertEquals("workspace-1", stored.path("resourceId").asText());
        assertEquals("https://sf.test/006X", stored.path("additionalMetaData").path("salesforceUrl").asText());
        assertEquals("MONTH", stored.path("entitlements").path(1).path("credit").path("cadence").asText());
    }

    @Test
    void refusesSubscriptionsWithStiggsErrorsAndStoresNothing() throws Exception {
        customer("acme");
        String base = "\"customerId\":\"acme\",\"planId\":\"plan-basic\"";
        assertBusinessError("CustomerNotFound", call(SUBSCRIBE, "{\"customerId\":\"nobody\",\"planId\":\"plan-basic\"}"));
        assertBusinessError("PlanNotFound", call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-missing\"}"));
        assertBusinessError("AddonNotFound", call(SUBSCRIBE, "{" + base + ",\"addons\":[{\"addonId\":\"addon-x\",\"quantity\":1}]}"));
        assertBusinessError("CustomCurrencyNotFound", call(SUBSCRIBE, "{" + base
                + ",\"entitlements\":[{\"credit\":{\"customCurrencyId\":\"cred-type-x\",\"amount\":5,\"cadence\":\"YEAR\"}}]}"));
        Answer feature = call(SUBSCRIBE, "{" + base + ",\"entitlements\":[{\"feature\":{\"featureId\":\"feature-nope\"}}]}");
        assertBusinessError("BadUserInput", feature);
        assertTrue(feature.message().contains("feature-nope"), feature.message());
        STIGG.emulator().env(ENV).unpublishPlan("plan-basic");
        assertBusinessError("UnPublishedPackage", call(SUBSCRIBE, "{" + base + ",\"subscriptionId\":\"sub-1\"}"));
        assertTrue(STIGG.emulator().env(ENV).subscriptions().isEmpty());

        STIGG.emulator().env(ENV).publishPlan("plan-basic");
        assertEquals("SUCCESS", call(SUBSCRIBE, "{" + base + ",\"subscriptionId\":\"sub-1\"}")
                .data("provisionSubscriptionV2").path("status").asText());
        assertBusinessError("DuplicatedEntityNotAllowed", call(SUBSCRIBE, "{" + base + ",\"subscriptionId\":\"sub-1\"}"));
        assertBusinessError("DuplicatedEntityNotAllowed", call(SUBSCRIBE_V1, "{" + base + ",\"subscriptionId\":\"sub-1\"}"));
        assertEquals("ACTIVE", call(SUBSCRIBE_V1, "{" + base + ",\"subscriptionId\":\"sub-2\"}")
                .data("provisionSubscription").path("subscription").path("status").asText());
        assertEquals(2, STIGG.emulator().env(ENV).subscriptions().size());
    }

    @Test
    void chargedPaidPlansWaitForPaymentAndTrialsStartInTrial() throws Exception {
        customer("acme");
        JsonNode charged = call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"paymentCollectionMethod\":\"CHARGE\"}")
                .data("provisionSubscriptionV2");
        assertEquals("PAYMENT_REQUIRED", charged.path("status").asText());
        assertTrue(charged.path("checkoutUrl").asText().startsWith("https://"));
        assertEquals("PAYMENT_PENDING", charged.path("subscription").path("status").asText());
        assertEquals("ACTION_REQUIRED", charged.path("subscription").path("paymentCollection").asText());
        assertTrue(charged.path("subscription").path("subscriptionId").asText().startsWith("subscription-plan-pro-"));

        JsonNode free = call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-free\",\"paymentCollectionMethod\":\"CHARGE\"}")
                .data("provisionSubscriptionV2");
        assertEquals("SUCCESS", free.path("status").asText());
        assertEquals("ACTIVE", free.path("subscription").path("status").asText());

        JsonNode trial = call(SUBSCRIBE, """
                {"customerId":"acme","planId":"plan-enterprise","paymentCollectionMethod":"CHARGE",
                 "trialOverrideConfiguration":{"isTrial":true,"trialEndDate":"2026-12-31T00:00:00Z"}}""")
                .data("provisionSubscriptionV2");
        assertEquals("SUCCESS", trial.path("status").asText());
        assertEquals("IN_TRIAL", trial.path("subscription").path("status").asText());
        assertEquals("2026-12-31T00:00:00Z", trial.path("subscription").path("trialEndDate").asText());
    }

    @Test
    void findsCustomersAndTheirSubscriptionsByRefId() throws Exception {
        assertTrue(call(GET_CUSTOMER, "{\"customerId\":\"nobody\"}").data("getCustomerByRefId").isNull());
        customer("acme");
        call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"sub-1\","
                + "\"addons\":[{\"addonId\":\"addon-storage\",\"quantity\":2}]}");
        Answer duplicate = call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\",\"subscriptionId\":\"sub-1\"}");
        assertEquals("DuplicatedEntityNotAllowed", duplicate.code());
        JsonNode found = call(GET_CUSTOMER, "{\"customerId\":\"acme\"}").data("getCustomerByRefId");
        assertEquals("acme", found.path("customerId").asText());
        JsonNode subscription = found.path("subscriptions").path(0);
        assertEquals("sub-1", subscription.path("subscriptionId").asText());
        assertEquals("plan-pro", subscription.path("plan").path("refId").asText());
        assertEquals(2.0, subscription.path("addons").path(0).path("quantity").asDouble());
        assertEquals("acme", subscription.path("customer").path("customerId").asText());
    }

    @Test
    void grantsCreditsWithStiggsChecks() throws Exception {
        customer("acme");
        String grant = "\"currencyId\":\"cred-type-test\",\"displayName\":\"Top-up\",\"grantType\":\"PAID\"";
        assertBusinessError("CustomerNotFound", call(GRANT, "{\"customerId\":\"nobody\"," + grant + ",\"amount\":5}"));
        assertBusinessError("CustomCurrencyNotFound", call(GRANT,
                "{\"customerId\":\"acme\",\"currencyId\":\"x\",\"displayName\":\"d\",\"grantType\":\"PAID\",\"amount\":5}"));
        assertBusinessError("ExpireAtMustBeLaterThanEffectiveAtError", call(GRANT, "{\"customerId\":\"acme\"," + grant
                + ",\"amount\":5,\"effectiveAt\":\"2027-01-01T00:00:00Z\",\"expireAt\":\"2027-01-01T00:00:00Z\"}"));
        assertBusinessError("BadUserInput", call(GRANT, "{\"customerId\":\"acme\"," + grant + ",\"amount\":0}"));
        assertBusinessError("BadUserInput", call(GRANT, "{\"customerId\":\"acme\"," + grant + ",\"amount\":-3}"));
        assertTrue(STIGG.emulator().env(ENV).creditGrants().isEmpty());

        Answer created = call(GRANT, "{\"customerId\":\"acme\"," + grant + ",\"amount\":250.5,\"priority\":2,"
                + "\"comment\":\"from SF\",\"cost\":{\"amount\":100,\"currency\":\"EUR\"},\"expireAt\":\"2099-01-01T00:00:00+01:00\","
                + "\"additionalMetaData\":{\"provisionerRequestId\":\"r1\"}}");
        JsonNode node = created.data("createCreditGrant");
        assertFalse(created.body().has("errors"), created.body().toString());
        assertTrue(node.path("grantId").asText().startsWith("grant-"));
        assertEquals("ACTIVE", node.path("status").asText());
        assertEquals(250.5, node.path("amount").asDouble());
        assertEquals("EUR", node.path("cost").path("currency").asText());
        assertEquals("r1", node.path("additionalMetaData").path("provisionerRequestId").asText());
        JsonNode stored = STIGG.emulator().env(ENV).creditGrants().get(0);
        assertEquals(node.path("grantId").asText(), stored.path("grantId").asText());
        assertEquals("from SF", stored.path("comment").asText());
        assertEquals("SCHEDULED", call(GRANT, "{\"customerId\":\"acme\"," + grant
                + ",\"amount\":1,\"effectiveAt\":\"2099-01-01\"}").data("createCreditGrant").path("status").asText());
    }

    @Test
    void listsGrantsFilteredAndPagedWithCursors() throws Exception {
        customer("acme");
        customer("other");
        for (int i = 0; i < 5; i++) {
            String currency = i < 3 ? "cred-type-test" : "cred-type-ai-tokens";
            call(GRANT, "{\"customerId\":\"acme\",\"currencyId\":\"" + currency + "\",\"amount\":1,\"displayName\":\"g\","
                    + "\"grantType\":\"PROMOTIONAL\",\"resourceId\":\"r" + (i % 2) + "\",\"additionalMetaData\":{\"n\":" + i + "}}");
        }
        call(GRANT, "{\"customerId\":\"other\",\"currencyId\":\"cred-type-test\",\"amount\":1,\"displayName\":\"g\",\"grantType\":\"PAID\"}");
        List<Integer> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 5; page++) {
            String paging = after == null ? "{\"first\":2}" : "{\"first\":2,\"after\":\"" + after + "\"}";
            JsonNode connection = call(GRANTS, "{\"customerId\":\"acme\",\"paging\":" + paging + "}").data("creditGrants");
            assertEquals(5, connection.path("totalCount").asInt());
            connection.path("edges").forEach(e -> seen.add(e.path("node").path("additionalMetaData").path("n").asInt()));
            if (!connection.path("pageInfo").path("hasNextPage").asBoolean()) {
                break;
            }
            after = connection.path("pageInfo").path("endCursor").asText();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        JsonNode filtered = call(GRANTS, "{\"customerId\":\"acme\",\"currencyId\":\"cred-type-test\",\"resourceId\":\"r0\"}")
                .data("creditGrants");
        assertEquals(2, filtered.path("totalCount").asInt());
        assertEquals("r0", filtered.path("edges").path(1).path("node").path("resourceId").asText());
        assertEquals(0, call(GRANTS, "{\"customerId\":\"nobody\"}").data("creditGrants").path("totalCount").asInt());
        assertEquals("BadUserInput", call(GRANTS, "{\"customerId\":\"acme\",\"paging\":{\"after\":\"bogus\"}}").code());
    }

    @Test
    void environmentsHaveTheirOwnCatalogAndData() throws Exception {
        STIGG.emulator().addApiKey(OTHER_KEY, "other-env");
        STIGG.emulator().env("other-env").addPlan("plan-custom", false).addCurrency("cred-type-own");
        customer("acme");
        assertEquals(200, STIGG.client().call(OTHER_KEY, CUSTOMER, "{\"customerId\":\"acme\"}").status());
        assertEquals("PlanNotFound", STIGG.client().call(OTHER_KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-pro\"}").code());
        assertEquals("SUCCESS", STIGG.client().call(OTHER_KEY, SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-custom\"}")
                .data("provisionSubscriptionV2").path("status").asText());
        assertEquals("PlanNotFound", call(SUBSCRIBE, "{\"customerId\":\"acme\",\"planId\":\"plan-custom\"}").code());
        assertEquals(1, STIGG.emulator().env("other-env").subscriptions().size());
        assertTrue(STIGG.emulator().env(ENV).subscriptions().isEmpty());
        assertEquals("other-env", STIGG.emulator().calls().get(1).environment());
    }

    @Test
    void refusesDocumentsTheSchemaDoesNotAllowBeforeAnyFault() throws Exception {
        STIGG.emulator().failNext(1, Fault.HTTP_503);
        Answer unknownField = STIGG.client().post(KEY, "{\"query\":\"mutation { provisionCustomer(input: {customerId: \\\"a\\\"}) { nope } }\"}");
        assertEquals(400, unknownField.status());
        assertEquals("GRAPHQL_VALIDATION_FAILED", unknownField.code());
        assertTrue(unknownField.message().contains("nope"), unknownField.message());
        assertEquals(400, call(SUBSCRIBE, "{\"customerId\":\"a\",\"planId\":\"p\",\"billingPeriod\":\"WEEKLY\"}").status());
        assertEquals(400, call(CUSTOMER, "{\"customerId\":\"a\",\"unknownInputField\":1}").status());
        assertEquals(400, call(GRANT, "{\"customerId\":\"a\",\"currencyId\":\"c\",\"amount\":1,\"displayName\":\"d\","
                + "\"grantType\":\"PAID\",\"effectiveAt\":\"next tuesday\"}").status());
        assertEquals(400, call(GRANT, "{\"customerId\":\"a\"}").status(), "missing required fields");
        assertEquals("GRAPHQL_PARSE_FAILED", STIGG.client().post(KEY, "{\"query\":\"mutation {\"}").code());
        assertEquals(6, STIGG.emulator().validationFailures().size());
        assertTrue(STIGG.emulator().env(ENV).customers().isEmpty());
        assertEquals(503, call(CUSTOMER, "{\"customerId\":\"a\"}").status(), "refused documents consumed no fault");
    }

    @Test
    void sandboxPageAndControlEndpoints() throws Exception {
        call(CUSTOMER, "{\"customerId\":\"x\",\"name\":\"<script>alert(1)</script>\","
                + "\"additionalMetaData\":{\"salesforceUrl\":\"https://sf.test/a?b=1&c=\\\"2\\\"\"}}");
        call(SUBSCRIBE, "{\"customerId\":\"x\",\"planId\":\"plan-basic\",\"subscriptionId\":\"<b>sub</b>\"}");
        HttpResponse<String> page = STIGG.client().send(HttpRequest.newBuilder(URI.create(STIGG.emulator().baseUrl() + "/")).build());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.body().contains("https://sf.test/a?b=1&amp;c=&quot;2&quot;"));
        assertTrue(page.body().contains("&lt;b&gt;sub&lt;/b&gt;"));
        assertFalse(page.body().contains("<script>alert") || page.body().contains("<b>sub"));

        assertEquals(200, get("/__emulator/health").statusCode());
        JsonNode state = JSON.readTree(get("/__emulator/state").body());
        assertEquals("x", state.path(ENV).path("customers").path(0).path("customerId").asText());
        assertEquals("<b>sub</b>", state.path(ENV).path("subscriptions").path(0).path("subscriptionId").asText());
        assertTrue(state.path(ENV).path("catalog").path("plans").path("plan-free").has("paid"));

        assertEquals(200, post("/__emulator/faults", "{\"count\":1,\"fault\":\"HTTP_502\",\"operation\":\"getCustomerByRefId\"}").statusCode());
        assertEquals(200, post("/__emulator/faults", "{\"count\":1,\"fault\":\"GRAPHQL_ERROR\",\"code\":\"OperationTimeout\",\"message\":\"t\"}").statusCode());
        assertEquals(400, post("/__emulator/faults", "{\"fault\":\"EXPLODE\"}").statusCode());
        assertEquals(502, call(GET_CUSTOMER, "{\"customerId\":\"x\"}").status());
        assertEquals("OperationTimeout", call(CUSTOMER, "{\"customerId\":\"y\"}").code());
        assertEquals(405, get("/__emulator/reset").statusCode(), "reset only by POST");
        assertEquals(200, post("/__emulator/reset", "").statusCode());
        assertTrue(STIGG.emulator().env(ENV).customers().isEmpty());
        assertTrue(STIGG.emulator().calls().isEmpty());
        assertNotNull(STIGG.emulator().env(ENV).catalog().path("plans").get("plan-pro"), "the catalog survives a reset");
        assertEquals(404, get("/nothing-here").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return STIGG.client().send(HttpRequest.newBuilder(URI.create(STIGG.emulator().baseUrl() + path)).build());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return STIGG.client().send(HttpRequest.newBuilder(URI.create(STIGG.emulator().baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
