package io.sfstigg.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.BillingPeriod;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.GrantType;
import io.sfstigg.core.model.PaymentCollectionMethod;
import io.sfstigg.core.model.SubscriptionRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private final RequestParser parser = new RequestParser("USD", CLOCK);

    @Test
    void customerDefaultsItsStiggIdToTheEighteenCharacterAccountId() {
        CustomerRequest customer = parser.customer(Json.read("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\" Acme \"}"));
        assertEquals("001Dn00000A1b2cIAB", customer.salesforceAccountId());
        assertEquals("001Dn00000A1b2cIAB", customer.stiggCustomerId());
        assertEquals("Acme", customer.name());
        assertNull(customer.email());
    }

    @Test
    void subscriptionAcceptsPicklistLabelsInAnyCaseAndDatesWithOrWithoutTime() {
        SubscriptionRequest s = parser.subscription(Json.read("""
                {"stiggCustomerId":"acme","planId":"plan-pro","billingPeriod":"annual",
                 "paymentCollectionMethod":"Payment Method On File","trial":"TRUE",
                 "startDate":"2026-12-01","trialEndDate":"2026-12-15T10:00:00+02:00",
                 "addons":[{"addonId":"addon-seats","quantity":"5"},{"addonId":"addon-storage"}],
                 "creditEntitlements":[{"customCurrencyId":"cred-type-ai","amount":1000,"cadence":"yearly",
                   "priceOverride":{"amount":99.5}}],
                 "planBaseChargeOverride":{"amount":1200,"currencyCode":"eur"}}
                """));
        assertEquals(BillingPeriod.ANNUALLY, s.billingPeriod());
        assertEquals(PaymentCollectionMethod.PAYMENT_METHOD_ON_FILE, s.paymentCollectionMethod());
        assertTrue(s.trial());
        assertEquals("2026-12-01T00:00:00Z", s.startDate());
        assertEquals("2026-12-15T08:00:00Z", s.trialEndDate());
        assertEquals(5, s.addons().get(0).quantity());
        assertEquals(1, s.addons().get(1).quantity());
        assertEquals(CreditCadence.YEAR, s.creditEntitlements().get(0).cadence());
        assertEquals("USD", s.creditEntitlements().get(0).priceOverride().currency());
        assertEquals("EUR", s.planBaseChargeOverride().currency());
    }

    @Test
    void creditGrantCarriesEveryParameter() {
        CreditGrantRequest g = parser.creditGrant(Json.read("""
                {"stiggCustomerId":"acme","grantType":"paid","currencyId":"cred-type-test","displayName":"Top-up",
                 "amount":"250.50","resourceId":"res-1","comment":"deal 42","effectiveDate":"2026-12-01",
                 "expirationDate":"2027-12-01","priority":2,"paymentCollectionMethod":"invoice",
                 "cost":{"amount":100,"currencyCode":"usd"}}
                """));
        assertEquals(GrantType.PAID, g.grantType());
        assertEquals(new BigDecimal("250.5"), g.amount());
        assertEquals(PaymentCollectionMethod.INVOICE, g.paymentCollectionMethod());
        assertEquals("USD", g.cost().currency());
        assertEquals("2027-12-01T00:00:00Z", g.expirationDate());
    }

    @Test
    void reportsEveryBadFieldInOnePass() {
        ValidationException e = assertThrows(ValidationException.class, () -> parser.subscription(Json.read("""
                {"salesforceAccountId":"nope","billingPeriod":"weekly","trial":"maybe",
                 "addons":[{"addonId":"addon-seats","quantity":0},{"quantity":2}],
                 "planBaseChargeOverride":{"amount":-1},"surprise":1}
                """)));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("surprise", "salesforceAccountId", "trial", "planId", "planBaseChargeOverride.amount",
                "addons[0].quantity", "addons[1].addonId", "billingPeriod"), fields);
    }

    @Test
    void trialEndDateNeedsATrialAndMustFollowTheStart() {
        assertFields(() -> parser.subscription(Json.read(
                "{\"stiggCustomerId\":\"a\",\"planId\":\"p\",\"trialEndDate\":\"2026-12-01\"}")), "trialEndDate");
        assertFields(() -> parser.subscription(Json.read(
                "{\"stiggCustomerId\":\"a\",\"planId\":\"p\",\"trial\":true,\"startDate\":\"2026-12-10\","
                        + "\"trialEndDate\":\"2026-12-01\"}")), "trialEndDate");
    }

    @Test
    void expirationMustFollowTheEffectiveDate() {
        assertFields(() -> parser.creditGrant(Json.read("""
                {"stiggCustomerId":"a","grantType":"PROMOTIONAL","currencyId":"c","displayName":"d","amount":1,
                 "effectiveDate":"2027-01-01","expirationDate":"2026-01-01"}""")), "expirationDate");
    }

    @Test
    void expirationWithoutEffectiveDateMustFollowTheClocksNow() {
        String grant = """
                {"stiggCustomerId":"a","grantType":"PROMOTIONAL","currencyId":"c","displayName":"d","amount":1,
                 "expirationDate":"%s"}""";
        assertFields(() -> parser.creditGrant(Json.read(grant.formatted("2026-06-01T11:59:59Z"))), "expirationDate");
        assertEquals("2026-06-01T12:00:01Z",
                parser.creditGrant(Json.read(grant.formatted("2026-06-01T12:00:01Z"))).expirationDate());
    }

    @Test
    void aPriceWithoutCurrencyNeedsTheTenantDefault() {
        assertFields(() -> new RequestParser(null, CLOCK).subscription(Json.read(
                "{\"stiggCustomerId\":\"a\",\"planId\":\"p\",\"planBaseChargeOverride\":{\"amount\":10}}")),
                "planBaseChargeOverride.currencyCode");
    }

    @Test
    void bodyThatIsNotAnObjectIsOneError() {
        assertFields(() -> parser.customer(Json.read("[1,2]")), "$");
    }

    @Test
    void repeatedAddonsAreRejected() {
        assertFields(() -> parser.subscription(Json.read(
                "{\"stiggCustomerId\":\"a\",\"planId\":\"p\",\"addons\":[{\"addonId\":\"x\"},{\"addonId\":\"x\"}]}")),
                "addons");
    }

    @Test
    void metadataValuesMustBeFlat() {
        assertFields(() -> parser.customer(Json.read(
                "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"metadata\":{\"tier\":{\"deep\":1}}}")), "metadata.tier");
        assertFalse(parser.customer(Json.read(
                "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"metadata\":{\"tier\":\"gold\",\"seats\":5}}"))
                .metadata().isEmpty());
    }

    /** Issue 11, row 1 and 2: numbers beyond their kind are a 400 naming the field, with a short message, at once. */
    @Test
    void hostileNumbersAreRefusedByFieldWithoutBeingBuilt() {
        String grant = "{\"stiggCustomerId\":\"acme\",\"grantType\":\"PAID\",\"currencyId\":\"c\",\"displayName\":\"d\",";
        for (String amount : List.of("\"-1e-3000000\"", "\"-1e-200000000\"", "\"1e-2000\"", "\"1e-10000\"", "1e-2000",
                "1e99", "\"" + "9".repeat(39) + "\"")) {
            long started = System.nanoTime();
            ValidationException e = assertThrows(ValidationException.class,
                    () -> parser.creditGrant(Json.read(grant + "\"amount\":" + amount + "}")), amount);
            assertTrue(System.nanoTime() - started < 100_000_000L, amount);
            assertEquals(List.of("amount"), e.errors().stream().map(FieldError::field).toList(), amount);
            assertTrue(e.errors().get(0).message().length() < 120, e.errors().get(0).message());
        }
        assertFields(() -> parser.creditGrant(Json.read(grant + "\"amount\":1,\"priority\":\"1e-2000\","
                + "\"cost\":{\"amount\":\"1e-2000\",\"currencyCode\":\"USD\"}}")), "priority", "cost.amount");
        assertFields(() -> parser.customer(Json.read(
                "{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"metadata\":{\"n\":1e-2000}}")), "metadata.n");
        assertFields(() -> parser.subscription(Json.read("{\"stiggCustomerId\":\"a\",\"planId\":\"p\","
                + "\"addons\":[{\"addonId\":\"x\",\"quantity\":\"1e999999999\"}],"
                + "\"entitlements\":[{\"featureId\":\"f\",\"usageLimit\":1e16}]}")),
                "addons[0].quantity", "entitlements[0].usageLimit");
    }

    /** Issue 11, row 7: ids carry their object's key prefix. */
    @Test
    void idsMustBeOfTheirObject() {
        assertFields(() -> parser.customer(Json.read("{\"salesforceAccountId\":\"006Dn00000B2c3d\"}")), "salesforceAccountId");
        assertFields(() -> parser.subscription(Json.read("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"planId\":\"p\","
                + "\"salesforceOpportunityId\":\"001Dn00000A1b2c\"}")), "salesforceOpportunityId");
    }

    /** Issue 11, row 3: text the queue cannot carry is a 400 naming its field, not a 503 later. */
    @Test
    void charactersTheQueueCannotCarryNameTheirField() {
        assertFields(() -> parser.customer(Json.read("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"A\uffff\"}")),
                "name");
        assertFields(() -> parser.customer(Json.read("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"A\ud800\"}")),
                "name");
    }

    private static void assertFields(Runnable parse, String... fields) {
        ValidationException e = assertThrows(ValidationException.class, parse::run);
        assertEquals(List.of(fields), e.errors().stream().map(FieldError::field).toList(), e.errors().toString());
    }
}
