package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated bodies and headers on every tenant route, as an org of its own: never a 5xx, never a
 * stack trace or a secret in the answer, and nothing recorded (so nothing queued) for a refused call.
 */
class ApiFuzzProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("salesforceAccountId", "stiggCustomerId", "name", "email",
            "metadata", "planId", "addons", "entitlements", "billingPeriod", "paymentCollectionMethod", "trial",
            "trialEndDate", "startDate", "creditEntitlements", "planBaseChargeOverride", "grantType", "currencyId",
            "displayName", "amount", "expirationDate", "effectiveDate", "priority", "cost", "account", "contact",
            "lineItems", "stiggApiKey", "stiggEnvironmentSlug", "defaultCurrency");
    private static final Map<String, String> VALID = Map.of(
            "/v1/customers", "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"Fuzz\",\"email\":\"f@z.io\"}",
            "/v1/subscriptions", "{\"stiggCustomerId\":\"fuzz\",\"planId\":\"plan-pro\",\"addons\":[{\"addonId\":\"addon-seats\","
                    + "\"quantity\":2}],\"trial\":true,\"trialEndDate\":\"2027-01-01\"}",
            "/v1/credit-grants", "{\"stiggCustomerId\":\"fuzz\",\"grantType\":\"PAID\",\"currencyId\":\"cred-type-test\","
                    + "\"displayName\":\"d\",\"amount\":5,\"cost\":{\"amount\":1,\"currencyCode\":\"USD\"}}",
            "/v1/opportunities/006Dn00000B2c3d/provision", "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":"
                    + "[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\"},{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\","
                    + "\"quantity\":3}]}",
            "/v1/config", "{\"stiggApiKey\":\"server-not-known-to-stigg-0\",\"stiggEnvironmentSlug\":\"local-sandbox\"}");

    record Call(String method, String path, String body, Map<String, String> headers) {}

    private static OwnOrg org;

    @BeforeContainer
    static void ownOrg() {
        org = OwnOrg.register("fuzz-sandbox");
    }

    @AfterContainer
    static void onlyAcceptedCallsWereRecorded() {
        org.assertOnlyAcceptedCallsRecorded();
    }

    @Property(tries = 400)
    void noInputBreaksTheApi(@ForAll("calls") Call call) {
        TestSystem.Answer answer = TestSystem.send(call.method(), call.path(), call.body(), org.token(), call.headers());
        String text = answer.raw().body();
        assertTrue(answer.status() < 500, answer.status() + " for " + call + ": " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("java."), text);
        assertFalse(text.contains(org.token().substring(22)), "the token leaked");
        assertFalse(text.contains(get().adminToken()), "the admin token leaked");
        assertFalse(text.contains(org.stiggKey()), "the Stigg key leaked");
        if (answer.status() >= 400) {
            assertTrue(answer.body().has("errors") && answer.body().has("type"), text);
        } else {
            org.accepted(answer);
        }
        if (call.path().equals("/v1/config") && answer.status() == 200) {
            throw new AssertionError("an unknown key was saved: " + call);
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> paths = Arbitraries.of(List.copyOf(VALID.keySet()));
        Arbitrary<Map<String, String>> headers = Combinators.combine(
                Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain", "",
                        "application/vnd.api+json", "application/x-www-form-urlencoded", "*/*"),
                Arbitraries.of("", "wait=0", "wait=1", "wait=x", "respond-async", "wait=-5", "wait=1.5", "return=minimal"),
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("", org.tenantId(), org.tenantId().toUpperCase(), org.orgId(), LocalSystem.DEMO_ORG_ID,
                        "00D000000000000", "x"))
                .as((type, prefer, key, org) -> {
                    Map<String, String> h = new HashMap<>();
                    if (!type.isEmpty()) {
                        h.put("Content-Type", type);
                    }
                    if (!prefer.isEmpty()) {
                        h.put("Prefer", prefer);
                    }
                    String printable = key.replaceAll("[^\\x21-\\x7e]", "");
                    if (!printable.isEmpty()) {
                        h.put("Idempotency-Key", printable);
                    }
                    if (!org.isEmpty()) {
                        h.put("X-Salesforce-Org-Id", org);
                    }
                    return h;
                });
        return Combinators.combine(paths, bodies(), headers, Arbitraries.integers().between(0, 9))
                .as((path, body, h, shape) -> {
                    String method = path.equals("/v1/config") ? "PUT" : "POST";
                    String sent = switch (shape) {
                        case 0 -> body.replace("{", "{{");
                        case 1 -> body.substring(0, body.length() / 2);
                        case 2 -> mutate(VALID.get(path), body);
                        case 3 -> VALID.get(path);
                        default -> mutate(VALID.get(path), body);
                    };
                    return new Call(method, path, sent, h);
                });
    }

    /** The valid body with some fields replaced by, or extended with, generated JSON. */
    private static String mutate(String valid, String generated) {
        ObjectNode body = (ObjectNode) Json.read(valid);
        JsonNode random = Json.read(generated);
        if (random.isObject()) {
            random.fields().forEachRemaining(f -> body.set(f.getKey(), f.getValue()));
            return Json.write(body);
        }
        return generated;
    }

    private static Arbitrary<String> bodies() {
        return json(3).map(Json::write);
    }

    private static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.of("001Dn00000A1b2c", "2026-13-45", "2026-12-01", "plan-pro", "MONTHLY", "Add-on", "USD",
                        "-1", "1e309", "NaN", "\u0000", "<script>", "' OR 1=1 --").map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e20"), new BigDecimal("1e20")).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = json(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofMaxLength(12)).list().ofMaxSize(5),
                json(depth - 1).list().ofSize(5))
                .as((keys, values) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        object.set(keys.get(i), values.get(i));
                    }
                    return object;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars), net.jqwik.api.Tuple.of(2, arrays), net.jqwik.api.Tuple.of(5, objects));
    }
}
