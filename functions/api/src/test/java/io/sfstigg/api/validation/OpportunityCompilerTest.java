package io.sfstigg.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.validation.OpportunityCompiler.MappingException;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.SubscriptionRequest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpportunityCompilerTest {
    private static final String OPPORTUNITY = "006Dn00000B2c3d";
    private final OpportunityCompiler compiler = new OpportunityCompiler("USD");

    private SubscriptionRequest compile(String lines, String extra) {
        return compiler.compile(OPPORTUNITY, Json.read("{\"account\":{\"id\":\"001Dn00000A1b2c\",\"name\":\"Acme\"},"
                + extra + "\"lineItems\":[" + lines + "]}"));
    }

    @Test
    void planOnlyBecomesASubscriptionForTheAccountsCustomer() {
        SubscriptionRequest s = compile("{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":1,\"totalPrice\":0}", "");
        assertEquals("plan-pro", s.planId());
        assertEquals("001Dn00000A1b2cIAB", s.stiggCustomerId());
        assertEquals("006Dn00000B2c3dIAB", s.salesforceOpportunityId());
        assertEquals("Acme", s.customerName());
        assertNull(s.customerEmail());
        assertNull(s.planBaseChargeOverride());
    }

    @Test
    void planPriceBecomesTheBaseChargeOverride() {
        SubscriptionRequest s = compile("{\"stiggType\":\"plan\",\"stiggId\":\"plan-pro\",\"quantity\":1,\"unitPrice\":1200}", "");
        assertEquals(new BigDecimal("1.2E+3"), s.planBaseChargeOverride().amount());
        assertEquals("USD", s.planBaseChargeOverride().currency());
    }

    @Test
    void addonsEntitlementsAndCreditsMapByStiggType() {
        SubscriptionRequest s = compile("""
                {"stiggType":"Plan","stiggId":"plan-pro"},
                {"stiggType":"Add-on","stiggId":"addon-seats","quantity":25},
                {"stiggType":"ADD ON","stiggId":"addon-storage","quantity":2},
                {"stiggType":"entitlement","stiggId":"feature-api-calls","quantity":100000},
                {"stiggType":"Credit Entitlement","stiggId":"cred-type-ai-tokens","quantity":5000,"cadence":"yearly","totalPrice":500}
                """, "\"contact\":{\"email\":\"cfo@acme.test\"},");
        assertEquals(List.of(new SubscriptionRequest.AddonLine("addon-seats", 25),
                new SubscriptionRequest.AddonLine("addon-storage", 2)), s.addons());
        assertEquals("feature-api-calls", s.entitlements().get(0).featureId());
        assertEquals(0, new BigDecimal(100000).compareTo(s.entitlements().get(0).usageLimit()));
        assertEquals(CreditCadence.YEAR, s.creditEntitlements().get(0).cadence());
        assertEquals(0, new BigDecimal(500).compareTo(s.creditEntitlements().get(0).priceOverride().amount()));
        assertEquals("cfo@acme.test", s.customerEmail());
    }

    @Test
    void noPlanOrTwoPlansNameTheLineItems() {
        assertMapping(() -> compile("{\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\"}", ""), "lineItems");
        MappingException two = assertThrows(MappingException.class, () -> compile(
                "{\"stiggType\":\"Plan\",\"stiggId\":\"a\"},{\"stiggType\":\"Plan\",\"stiggId\":\"b\"}", ""));
        assertTrue(two.errors().get(0).message().contains("lineItems[0], lineItems[1]"), two.errors().toString());
    }

    @Test
    void unknownTypeMissingIdAndBadQuantityNameTheirLines() {
        assertMapping(() -> compile("""
                {"stiggType":"Plan","stiggId":"plan-pro"},
                {"stiggType":"Bundle","stiggId":"x","productName":"Gold bundle"},
                {"stiggType":"Add-on","productName":"Seats"},
                {"stiggType":"Add-on","stiggId":"addon-seats","quantity":0},
                {"stiggType":"Entitlement","stiggId":"feature-x","quantity":-3}
                """, ""), "lineItems[1].stiggType", "lineItems[2].stiggId", "lineItems[3].quantity", "lineItems[4].quantity");
    }

    @Test
    void malformedBodiesAreValidationErrorsNotMappingErrors() {
        ValidationException e = assertThrows(ValidationException.class, () -> compiler.compile("bad",
                Json.read("{\"account\":{\"id\":\"x\"},\"lineItems\":\"none\"}")));
        assertEquals(List.of("opportunityId", "account.id", "lineItems"),
                e.errors().stream().map(FieldError::field).toList());
    }

    /** Issue 11, rows 1 and 7: hostile numbers and an Account id where an Opportunity id belongs. */
    @Test
    void hostileNumbersAndWrongIdsAreValidationErrors() {
        OpportunityCompiler compiler = new OpportunityCompiler("USD");
        ValidationException e = assertThrows(ValidationException.class, () -> compiler.compile(OPPORTUNITY, Json.read(
                "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"p\","
                        + "\"unitPrice\":\"-1e-200000000\",\"quantity\":\"1e-3000000\",\"totalPrice\":1e400}]}")));
        assertEquals(List.of("lineItems[0].quantity", "lineItems[0].unitPrice", "lineItems[0].totalPrice"),
                e.errors().stream().map(FieldError::field).toList());
        ValidationException account = assertThrows(ValidationException.class, () -> compiler.compile("001Dn00000A1b2c",
                Json.read("{\"account\":{\"id\":\"006Dn00000B2c3d\"},\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"p\"}]}")));
        assertEquals(List.of("opportunityId", "account.id"), account.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aPriceTimesQuantityBeyondMoneyIsAMappingError() {
        assertMapping(() -> new OpportunityCompiler("USD").compile(OPPORTUNITY, Json.read(
                "{\"account\":{\"id\":\"001Dn00000A1b2c\"},\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"p\","
                        + "\"unitPrice\":999999999999,\"quantity\":999999999}]}")), "lineItems[0].unitPrice");
    }

    private static void assertMapping(Runnable compile, String... fields) {
        MappingException e = assertThrows(MappingException.class, compile::run);
        assertEquals(List.of(fields), e.errors().stream().map(FieldError::field).toList(), e.errors().toString());
    }
}
