package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static io.sfstigg.local.TestSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.validation.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 11's proof over HTTP, generated: numbers across the whole range of digits and
 * exponents in every numeric field, every Unicode code point, framing variants, Salesforce key
 * prefixes and header sizes, as an org of its own. A refusal is a 4xx within
 * {@link HostileInputIT#MAX_TIME} and {@link HostileInputIT#MAX_ANSWER} bytes naming its field, and
 * nothing is recorded (so nothing queued) for it.
 */
class HostileInputProperties {
    private static final String GRANT = "{\"stiggCustomerId\":\"acme\",\"grantType\":\"PAID\",\"currencyId\":\"cred-type-test\","
            + "\"displayName\":\"Gen\",";
    private static final String SUBSCRIPTION = "{\"stiggCustomerId\":\"acme\",\"planId\":\"plan-pro\",";
    private static final String OPPORTUNITY = "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[{\"stiggType\":\"Plan\","
            + "\"stiggId\":\"plan-pro\",";

    /** Where a number goes: route, body with {@code @N@} in its place, and the field an error names. */
    record NumberField(String path, String template, String field) {}

    private static final List<NumberField> NUMBER_FIELDS = List.of(
            new NumberField("/v1/credit-grants", GRANT + "\"amount\":@N@}", "amount"),
            new NumberField("/v1/credit-grants", GRANT + "\"amount\":1,\"priority\":@N@}", "priority"),
            new NumberField("/v1/credit-grants", GRANT + "\"amount\":1,\"cost\":{\"amount\":@N@,\"currencyCode\":\"USD\"}}", "cost.amount"),
            new NumberField("/v1/subscriptions", SUBSCRIPTION + "\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":@N@}]}",
                    "addons[0].quantity"),
            new NumberField("/v1/subscriptions", SUBSCRIPTION + "\"entitlements\":[{\"featureId\":\"f\",\"usageLimit\":@N@}]}",
                    "entitlements[0].usageLimit"),
            new NumberField("/v1/subscriptions", SUBSCRIPTION + "\"planBaseChargeOverride\":{\"amount\":@N@}}",
                    "planBaseChargeOverride.amount"),
            new NumberField("/v1/subscriptions", SUBSCRIPTION + "\"creditEntitlements\":[{\"customCurrencyId\":\"c\",\"amount\":@N@}]}",
                    "creditEntitlements[0].amount"),
            new NumberField("/v1/opportunities/006Dn00000B2c3d/provision", OPPORTUNITY + "\"unitPrice\":@N@}]}",
                    "lineItems[0].unitPrice"),
            new NumberField("/v1/opportunities/006Dn00000B2c3d/provision", OPPORTUNITY + "\"quantity\":@N@}]}",
                    "lineItems[0].quantity"),
            new NumberField("/v1/customers", "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"metadata\":{\"n\":@N@}}", "metadata.n"));

    private static OwnOrg org;

    @BeforeContainer
    static void ownOrg() {
        org = OwnOrg.register("hostile-sandbox");
    }

    @AfterContainer
    static void onlyAcceptedCallsWereRecorded() {
        org.assertOnlyAcceptedCallsRecorded();
    }

    private static TestSystem.Answer timed(String method, String path, String body, Map<String, String> headers) {
        long started = System.nanoTime();
        TestSystem.Answer answer = send(method, path, body, org.token(), headers);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < HostileInputIT.MAX_TIME.toMillis(), path + " took " + millis + " ms");
        assertTrue(answer.raw().body().length() <= HostileInputIT.MAX_ANSWER, answer.raw().body().length() + " bytes");
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        return answer;
    }

    private static List<String> fields(TestSystem.Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static void assertRefused(TestSystem.Answer answer, int status, String field, String what) {
        assertEquals(status, answer.status(), what + ": " + answer.raw().body());
        if (field != null) {
            assertTrue(fields(answer).contains(field), what + " should name " + field + ": " + answer.raw().body());
        }
    }

    /** A number with more digits than any kind allows, or a scale beyond any kind, in any numeric field. */
    @Property(tries = 150)
    void numbersBeyondTheirKindAreRefusedByField(@ForAll("fields") NumberField field, @ForAll("hugeNumbers") String number,
            @ForAll boolean quoted) {
        boolean text = quoted && !field.field().startsWith("metadata");
        String value = text ? "\"" + number + "\"" : number;
        TestSystem.Answer answer = timed("POST", field.path(), field.template().replace("@N@", value), Map.of());
        assertRefused(answer, 400, field.field(), value + " in " + field.field());
    }

    @Provide
    Arbitrary<NumberField> fields() {
        return Arbitraries.of(NUMBER_FIELDS);
    }

    @Provide
    Arbitrary<String> hugeNumbers() {
        Arbitrary<String> mantissa = Combinators.combine(Arbitraries.of("", "-"),
                Arbitraries.strings().withCharRange('1', '9').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().numeric().ofMaxLength(30))
                .as((sign, lead, rest) -> sign + lead + (rest.isEmpty() ? "" : "." + rest));
        Arbitrary<Long> exponents = Arbitraries.oneOf(
                Arbitraries.longs().between(25, 999_999_999L), Arbitraries.longs().between(-999_999_999L, -45));
        Arbitrary<String> scientific = Combinators.combine(mantissa, Arbitraries.of("e", "E"), exponents)
                .as((m, e, x) -> m + e + x);
        Arbitrary<String> longDigits = Arbitraries.strings().withCharRange('1', '9').ofMinLength(20).ofMaxLength(120);
        Arbitrary<String> longFractions = Arbitraries.strings().withCharRange('1', '9').ofMinLength(12).ofMaxLength(90)
                .map(d -> "0." + d);
        return Arbitraries.oneOf(scientific, longDigits, longFractions);
    }

    /** Every code point in a name: refused by field when the stores cannot carry it, otherwise accepted (never a 5xx). */
    @Property(tries = 200)
    void everyCodePointIsEitherCarriedOrRefusedByField(@ForAll("codePoints") int codePoint) {
        String escaped = codePoint > 0xffff
                ? escape(Character.highSurrogate(codePoint)) + escape(Character.lowSurrogate(codePoint))
                : escape((char) codePoint);
        String text = codePoint > 0xffff ? new String(Character.toChars(codePoint)) : String.valueOf((char) codePoint);
        TestSystem.Answer answer = timed("POST", "/v1/customers",
                "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"Acme " + escaped + " Inc\"}", Map.of());
        if (Text.characterProblem(text) != null) {
            assertRefused(answer, 400, "name", "U+" + Integer.toHexString(codePoint));
        } else {
            assertEquals(202, answer.status(), "U+" + Integer.toHexString(codePoint) + ": " + answer.raw().body());
            org.accepted(answer);
        }
    }

    private static String escape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    @Provide
    Arbitrary<Integer> codePoints() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0x10ffff),
                Arbitraries.integers().between(0, 0xa0),
                Arbitraries.integers().between(0xd800, 0xdfff),
                Arbitraries.integers().between(0xfdc0, 0xffff),
                Arbitraries.of(0x1fffe, 0x1ffff, 0xefffe, 0x10fffe, 0x10ffff, 0x1f600, 0xe000, 0xf8ff));
    }

    /** Duplicate keys, content after the document, and media types other than JSON, on every route with a body. */
    @Property(tries = 60)
    void framingVariantsAreRefused(@ForAll("framed") String[] call) {
        TestSystem.Answer answer = timed(call[0], call[1], call[2], call[3].isEmpty() ? Map.of() : Map.of("Content-Type", call[3]));
        assertRefused(answer, Integer.parseInt(call[4]), null, String.join(" | ", call));
    }

    @Provide
    Arbitrary<String[]> framed() {
        Arbitrary<String[]> routes = Arbitraries.of(
                new String[] {"POST", "/v1/customers", "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"F\"}"},
                new String[] {"POST", "/v1/credit-grants", GRANT + "\"amount\":2}"},
                new String[] {"POST", "/v1/subscriptions", SUBSCRIPTION + "\"trial\":false}"},
                new String[] {"POST", "/v1/opportunities/006Dn00000B2c3d/provision", OPPORTUNITY + "\"quantity\":1}]}"},
                new String[] {"PUT", "/v1/config", "{\"stiggEnvironmentSlug\":\"x\",\"stiggApiKey\":\"server-0123456789abcdef\"}"});
        Arbitrary<Integer> variants = Arbitraries.integers().between(0, 9);
        return Combinators.combine(routes, variants).as((route, variant) -> {
            String body = route[2];
            String first = body.substring(1, body.indexOf(','));
            return switch (variant) {
                case 0 -> new String[] {route[0], route[1], "{" + first + "," + body.substring(1), "", "400"};
                case 1 -> new String[] {route[0], route[1], body + " {\"x\":1}", "", "400"};
                case 2 -> new String[] {route[0], route[1], body + "]", "", "400"};
                case 3 -> new String[] {route[0], route[1], body + " 1", "", "400"};
                case 4 -> new String[] {route[0], route[1], body, "application/jsonfoo", "415"};
                case 5 -> new String[] {route[0], route[1], body, "application/json; charset=utf-16", "415"};
                case 6 -> new String[] {route[0], route[1], body, "application/vnd.api+json", "415"};
                case 7 -> new String[] {route[0], route[1], body, "text/plain; charset=utf-8", "415"};
                case 8 -> new String[] {route[0], route[1], body, "application/x-json", "415"};
                default -> new String[] {route[0], route[1], body.replace("{", "{\"a\":1,\"a\":2,"), "", "400"};
            };
        });
    }

    /** Any key prefix in the Account field and the Opportunity path: only the object's own is taken. */
    @Property(tries = 60)
    void onlyTheObjectsOwnKeyPrefixIsTaken(@ForAll("prefixes") String prefix, @ForAll boolean inPath) {
        String id = prefix + "Dn00000A1b2c".substring(0, 12);
        TestSystem.Answer answer = inPath
                ? timed("POST", "/v1/opportunities/" + id + "/provision", OPPORTUNITY + "\"quantity\":1}]}", Map.of())
                : timed("POST", "/v1/customers", "{\"salesforceAccountId\":\"" + id + "\"}", Map.of());
        boolean own = prefix.equals(inPath ? "006" : "001");
        if (own) {
            assertEquals(202, answer.status(), answer.raw().body());
            org.accepted(answer);
        } else {
            assertRefused(answer, 400, inPath ? "opportunityId" : "salesforceAccountId", id);
        }
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("001", "006", "00D", "003", "00Q", "a0B", "801", "005", "00T");
    }

    /** Headers up to and past API Gateway's 10,240 bytes: over it 431, at or under it an answer. */
    @Property(tries = 40)
    void headersOverTheQuotaAreA431(@ForAll @IntRange(min = 9_000, max = 12_000) int padding) throws IOException {
        String head = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(padding) + "\r\nConnection: close\r\n\r\n";
        int size = head.getBytes(StandardCharsets.US_ASCII).length;
        String port = get().gatewayUrl().substring(get().gatewayUrl().lastIndexOf(':') + 1);
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HostileInputIT.Raw answer = HostileInputIT.Raw.read(socket.getInputStream());
            assertEquals(size > 10_240 ? 431 : 200, answer.status(), size + " bytes of head");
        }
    }
}
