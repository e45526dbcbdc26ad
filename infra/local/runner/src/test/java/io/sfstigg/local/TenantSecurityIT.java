package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.PATIENCE;
import static io.sfstigg.local.TestSystem.awaitRequest;
import static io.sfstigg.local.TestSystem.awaitStatus;
import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.queueDepth;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.local.stigg.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Tenants, tokens and the Stigg key: who may do what, and that no secret leaks anywhere. */
class TenantSecurityIT {
    private static final String BODY = "{\"salesforceAccountId\":\"001Dn00000A1b2c\"}";

    /** A new org registered through the admin route; returns its token. */
    static String registerOrg(String orgId15) {
        TestSystem.Answer registered = send("POST", "/v1/admin/tenants", "{\"orgId\":\"" + orgId15 + "\",\"name\":\"Org "
                + orgId15 + "\",\"salesforceDomain\":\"https://" + orgId15.toLowerCase() + ".my.salesforce.com/\"}",
                get().adminToken(), Map.of());
        assertEquals(201, registered.status(), registered.raw().body());
        return registered.body().path("token").asText();
    }

    static String configure(String token, String key) {
        TestSystem.Answer configured = send("PUT", "/v1/config", "{\"stiggApiKey\":\"" + key
                + "\",\"stiggEnvironmentSlug\":\"local-sandbox\",\"defaultCurrency\":\"eur\"}", token, Map.of());
        assertEquals(200, configured.status(), configured.raw().body());
        return configured.body().path("stiggApiKey").asText();
    }

    private static String masked(String key) {
        return "server-****" + key.substring(key.length() - 4);
    }

    private static String newOrgId() {
        return "00D5e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void everyRouteRefusesMissingMalformedRevokedAndWrongKindsOfTokens() {
        String org = newOrgId();
        String token = registerOrg(org);
        String tokenId = token.split("_")[1];
        assertEquals(204, send("DELETE", "/v1/admin/tenants/" + org + "/tokens/" + tokenId, null, get().adminToken(),
                Map.of()).status());
        for (TemplateModel.Route route : get().template().routes()) {
            if (route.path().equals("/v1/health")) {
                assertEquals(200, send("GET", route.path(), null, null, Map.of()).status());
                continue;
            }
            String path = route.path().replaceAll("\\{[^}]+}", "00D5e000000DemoEAC");
            boolean admin = route.path().startsWith("/v1/admin");
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : BODY;
            for (String bad : new String[] {null, "not-a-token", "sfst_0000000000000000_" + "A".repeat(43), token}) {
                int status = send(route.method(), path, body, bad, Map.of()).status();
                boolean tenantShaped = bad != null && bad.startsWith("sfst_");
                assertEquals(admin && tenantShaped ? 403 : 401, status, route + " with " + (bad == null ? "no token" : bad));
            }
            int wrongKind = send(route.method(), path, body, admin ? get().tenantToken() : get().adminToken(), Map.of()).status();
            assertEquals(admin ? 403 : 401, wrongKind, route + " with the other kind of token");
        }
    }

    @Test
    void anotherOrgSeesNoneOfThisOrgsRequestsOrLinks() {
        String requestId = TestSystem.post("/v1/customers", ProvisioningPipelineIT.customer("sec-" + UUID.randomUUID()
                .toString().substring(0, 6), "Acme")).body().path("requestId").asText();
        awaitStatus(requestId, "SUCCEEDED");
        String other = registerOrg(newOrgId());
        configure(other, get().stiggKey());
        TestSystem.Answer request = send("GET", "/v1/requests/" + requestId, null, other, Map.of());
        assertEquals(404, request.status());
        assertFalse(request.raw().body().contains("Acme"));
        assertEquals(200, TestSystem.get("/v1/links/001Dn00000A1b2c").status());
        assertEquals(404, send("GET", "/v1/links/001Dn00000A1b2c", null, other, Map.of()).status());
        TestSystem.Answer mismatch = send("GET", "/v1/config", null, other, Map.of("X-Salesforce-Org-Id", "00D5e000000DemoEAC"));
        assertEquals(403, mismatch.status());
        assertTrue(mismatch.body().path("detail").asText().contains("sandbox"), mismatch.raw().body());
    }

    @Test
    void anUnconfiguredOrgIsToldWhatToConfigureAndNothingIsQueued() {
        String token = registerOrg(newOrgId());
        JsonNode config = send("GET", "/v1/config", null, token, Map.of()).body();
        assertFalse(config.path("configured").asBoolean());
        get().eventSource().pause();
        try {
            TestSystem.Answer refused = send("POST", "/v1/customers", BODY, token, Map.of());
            assertEquals(422, refused.status());
            assertEquals("urn:sfstigg:problem:org-not-configured", refused.body().path("type").asText());
            assertTrue(refused.body().path("detail").asText().contains("PUT /v1/config"));
            assertEquals(0, queueDepth(get().queueUrl()));
        } finally {
            get().eventSource().resume();
        }
    }

    @Test
    void theKeyIsCheckedAgainstStiggBeforeItIsSaved() {
        String token = registerOrg(newOrgId());
        TestSystem.Answer rejected = send("PUT", "/v1/config", "{\"stiggApiKey\":\"server-not-a-key-of-stigg-00\","
                + "\"stiggEnvironmentSlug\":\"local-sandbox\"}", token, Map.of());
        assertEquals(422, rejected.status());
        assertEquals("stiggApiKey", rejected.body().path("errors").path(0).path("field").asText());
        TestSystem.emulator().failNext("getCustomerByRefId", 1, Fault.DROP_CONNECTION);
        TestSystem.Answer unreachable = send("PUT", "/v1/config", "{\"stiggApiKey\":\"" + get().stiggKey() + "\","
                + "\"stiggEnvironmentSlug\":\"local-sandbox\"}", token, Map.of());
        assertEquals(503, unreachable.status());
        assertFalse(send("GET", "/v1/config", null, token, Map.of()).body().path("configured").asBoolean());
        assertEquals(masked(get().stiggKey()), configure(token, get().stiggKey()));
        JsonNode saved = send("GET", "/v1/config", null, token, Map.of()).body();
        assertEquals(masked(get().stiggKey()), saved.path("stiggApiKey").asText());
        assertEquals("EUR", saved.path("defaultCurrency").asText());
        assertTrue(saved.path("keyValidatedAt").asText().startsWith("20"));
    }

    @Test
    void aDisabledOrgIsRefusedUntilEnabledAgain() {
        String org = newOrgId();
        String token = registerOrg(org);
        configure(token, get().stiggKey());
        TestSystem.Answer disabled = send("PATCH", "/v1/admin/tenants/" + org, "{\"disabled\":true}", get().adminToken(), Map.of());
        assertEquals(200, disabled.status(), disabled.raw().body());
        assertTrue(disabled.body().path("disabled").asBoolean());
        get().eventSource().pause();
        try {
            TestSystem.Answer refused = send("POST", "/v1/customers", BODY, token, Map.of());
            assertEquals(403, refused.status());
            assertEquals("urn:sfstigg:problem:tenant-disabled", refused.body().path("type").asText());
            assertEquals(0, queueDepth(get().queueUrl()));
        } finally {
            get().eventSource().resume();
        }
        assertEquals(400, send("PATCH", "/v1/admin/tenants/" + org, "{\"disabled\":\"maybe\"}", get().adminToken(),
                Map.of()).status());
        assertEquals(404, send("PATCH", "/v1/admin/tenants/" + newOrgId(), "{\"disabled\":true}", get().adminToken(),
                Map.of()).status());
        send("PATCH", "/v1/admin/tenants/" + org, "{\"disabled\":false}", get().adminToken(), Map.of());
        assertEquals(200, send("GET", "/v1/config", null, token, Map.of()).status());
    }

    @Test
    void theKeyIsStoredInSecretsManagerOneSecretPerOrg() {
        assertEquals(io.sfstigg.local.aws.LocalSecretsManager.isAvailable(), get().secretsDescription().startsWith("moto_server"),
                get().secretsDescription());
        String org = newOrgId();
        String token = registerOrg(org);
        configure(token, get().stiggKey());
        String org18 = io.sfstigg.core.model.SalesforceId.to18(org).orElseThrow();
        String stored = get().secretsManager().getSecretValue(r -> r.secretId(
                get().settings().get("SECRET_PREFIX") + org18)).secretString();
        assertEquals(get().stiggKey(), stored);
    }

    @Test
    void rotatedTokensBothWorkUntilTheOldOneIsRevoked() {
        String org = newOrgId();
        String first = registerOrg(org);
        TestSystem.Answer issued = send("POST", "/v1/admin/tenants/" + org + "/tokens", null, get().adminToken(), Map.of());
        assertEquals(201, issued.status());
        String second = issued.body().path("token").asText();
        assertEquals(200, send("GET", "/v1/config", null, first, Map.of()).status());
        assertEquals(200, send("GET", "/v1/config", null, second, Map.of()).status());
        send("DELETE", "/v1/admin/tenants/" + org + "/tokens/" + first.split("_")[1], null, get().adminToken(), Map.of());
        assertEquals(401, send("GET", "/v1/config", null, first, Map.of()).status());
        assertEquals(200, send("GET", "/v1/config", null, second, Map.of()).status());
        assertEquals(404, send("DELETE", "/v1/admin/tenants/" + newOrgId() + "/tokens/" + second.split("_")[1], null,
                get().adminToken(), Map.of()).status(), "a token is revoked only through its own org");
    }

    @Test
    void aNewKeyIsUsedAtOnceAlsoForAMessageDeadLetteredBeforeTheRotation() {
        String org = newOrgId();
        String token = registerOrg(org);
        String oldKey = "server-rotation-old-" + UUID.randomUUID().toString().substring(0, 8);
        String newKey = "server-rotation-new-" + UUID.randomUUID().toString().substring(0, 8);
        TestSystem.emulator().addApiKey(oldKey, "local-sandbox");
        TestSystem.emulator().addApiKey(newKey, "local-sandbox");
        configure(token, oldKey);
        String customer = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        String plan = "plan-rotation-" + customer;
        TestSystem.emulator().env("local-sandbox").addPlan(plan, false).unpublishPlan(plan);
        String requestId = send("POST", "/v1/subscriptions", "{\"stiggCustomerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\"}", token, Map.of()).body().path("requestId").asText();
        awaitRequest(token, requestId, r -> r.has("deadLetteredAt"), PATIENCE);

        configure(token, newKey);
        TestSystem.emulator().removeApiKey(oldKey);
        TestSystem.emulator().env("local-sandbox").publishPlan(plan);
        get().sqs().startMessageMoveTask(r -> r.sourceArn(get().arn(get().deadLetterQueueUrl())));
        JsonNode done = awaitRequest(token, requestId, r -> "SUCCEEDED".equals(r.path("status").asText()), PATIENCE);
        assertEquals(customer, done.path("stiggCustomerId").asText());
    }

    @Test
    void noKeyOrTokenAppearsInLogsResponsesOrMessages() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("io.sfstigg");
        root.addHandler(capture);
        AutoCloseable functionLogs = get().functionLogs().subscribe(line -> {
            synchronized (lines) {
                lines.add(line.text());
            }
        });
        List<String> seen = new ArrayList<>();
        String org = newOrgId();
        String key = "server-secret-" + UUID.randomUUID().toString().replace("-", "");
        TestSystem.emulator().addApiKey(key, "local-sandbox");
        try {
            TestSystem.Answer registered = send("POST", "/v1/admin/tenants", "{\"orgId\":\"" + org
                    + "\",\"name\":\"Leak test\",\"salesforceDomain\":\"leak.my.salesforce.com\"}", get().adminToken(), Map.of());
            String token = registered.body().path("token").asText();
            String tokenSecret = io.sfstigg.api.auth.Tokens.parse(token).orElseThrow().secret();
            seen.add(send("PUT", "/v1/config", "{\"stiggApiKey\":\"" + key + "\",\"stiggEnvironmentSlug\":\"local-sandbox\"}",
                    token, Map.of()).raw().body());
            seen.add(send("GET", "/v1/config", null, token, Map.of()).raw().body());
            seen.add(send("PUT", "/v1/config", "{\"stiggApiKey\":\"client-" + key + "\",\"stiggEnvironmentSlug\":\"x\"}",
                    token, Map.of()).raw().body());
            TestSystem.Answer accepted = send("POST", "/v1/subscriptions", "{\"stiggCustomerId\":\"leak-" + org
                    + "\",\"planId\":\"plan-pro\",\"paymentCollectionMethod\":\"INVOICE\"}", token, Map.of());
            seen.add(accepted.raw().body());
            String requestId = accepted.body().path("requestId").asText();
            seen.add(awaitRequest(token, requestId, r -> "SUCCEEDED".equals(r.path("status").asText()), PATIENCE).toString());
            TestSystem.emulator().failNext("createCreditGrant", 1, Fault.graphQlError("BadUserInput", "bad"));
            String grant = send("POST", "/v1/credit-grants", "{\"stiggCustomerId\":\"leak-" + org + "\",\"grantType\":\"PAID\","
                    + "\"currencyId\":\"cred-type-test\",\"displayName\":\"d\",\"amount\":1}", token, Map.of())
                    .body().path("requestId").asText();
            seen.add(awaitRequest(token, grant, r -> r.has("deadLetteredAt"), PATIENCE).toString());
            get().sqs().receiveMessage(r -> r.queueUrl(get().deadLetterQueueUrl()).maxNumberOfMessages(10).visibilityTimeout(0))
                    .messages().forEach(m -> seen.add(m.body()));
            get().sqs().purgeQueue(r -> r.queueUrl(get().deadLetterQueueUrl()));
            synchronized (lines) {
                seen.addAll(lines);
            }
            for (String expected : List.of("Stigg configuration saved", "request accepted", "provisioned", "permanent failure")) {
                assertTrue(lines.stream().anyMatch(l -> l.contains(expected)), "the log has '" + expected + "': " + lines);
            }
            for (String text : seen) {
                assertFalse(text.contains(key), "the Stigg key leaked: " + text);
                assertFalse(text.contains(tokenSecret), "the token leaked: " + text);
                assertFalse(text.contains(get().adminToken()), "the admin token leaked: " + text);
            }
        } finally {
            root.removeHandler(capture);
            functionLogs.close();
        }
    }
}
