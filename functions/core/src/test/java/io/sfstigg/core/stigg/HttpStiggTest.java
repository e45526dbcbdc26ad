package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.MetadataValue;
import io.sfstigg.core.stigg.SubscriptionInput.AddonInput;
import io.sfstigg.core.stigg.SubscriptionInput.CreditInput;
import io.sfstigg.core.stigg.SubscriptionInput.EntitlementInput;
import io.sfstigg.core.stigg.SubscriptionInput.FeatureInput;
import io.sfstigg.core.stigg.SubscriptionInput.PriceOverrideInput;
import io.sfstigg.core.stigg.SubscriptionInput.TrialInput;
import io.sfstigg.core.testing.EmulatorPerClass;
import io.sfstigg.local.stigg.StiggEmulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the Stigg adapter maps our records to GraphQL variables (exactly the fields given, nulls
 * left out) and Stigg's answers back to records, against the Stigg emulator over HTTP.
 */
class HttpStiggTest {
    private static final String KEY = "mapping-test";
    @RegisterExtension
    static final EmulatorPerClass<StiggEmulator> STIGG = EmulatedStigg.perClass(KEY, "mapping-env");
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
    private final HttpStigg stigg = EmulatedStigg.adapter(STIGG.get());

    @BeforeEach
    void liftRateLimits() {
        STIGG.get().setRateLimits(1_000, 1_000, Duration.ofSeconds(1));
    }

    @Test
    void customerIsSentWithItsMetadataTypesAndWithoutItsNullFields() {
        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        metadata.put("tier", MetadataValue.of("gold"));
        metadata.put("seats", MetadataValue.of(new BigDecimal("12.50")));
        metadata.put("vip", MetadataValue.of(true));

        StiggCustomer customer = stigg.provisionCustomer(KEY,
                new CustomerInput("acme", "Acme", null, "001Dn00000A1b2cIAB", metadata));

        assertSent("{\"input\":{\"customerId\":\"acme\",\"name\":\"Acme\",\"salesforceId\":\"001Dn00000A1b2cIAB\","
                + "\"additionalMetaData\":{\"tier\":\"gold\",\"seats\":12.50,\"vip\":true}}}");
        assertEquals("acme", customer.customerId());
        assertEquals("Acme", customer.name());
        assertEquals("001Dn00000A1b2cIAB", customer.salesforceId());
        assertEquals(List.of(), customer.subscriptions());

        StiggCustomer updated = stigg.updateCustomer(KEY, new CustomerInput("acme", "Acme Inc", "a@acme.test", null, null));
        assertSent("{\"input\":{\"customerId\":\"acme\",\"name\":\"Acme Inc\",\"email\":\"a@acme.test\"}}");
        assertEquals("a@acme.test", updated.email());
        assertEquals(List.of(), STIGG.get().validationFailures());
    }

    @Test
    void subscriptionIsSentWithEveryLineAndReadBackWithPlanAndAddons() {
        stigg.provisionCustomer(KEY, new CustomerInput("acme", "Acme", null, null, null));
        SubscriptionInput input = new SubscriptionInput("acme", "plan-basic", "sub-sf-1", "MONTHLY", null,
                List.of(new AddonInput("addon-seats", 5)),
                List.of(new EntitlementInput(new FeatureInput("feature-api-calls", new BigDecimal("1000")), null),
                        new EntitlementInput(null, new CreditInput("cred-type-ai-tokens", new BigDecimal("50"), "MONTH"))),
                List.of(new PriceOverrideInput(true, null, null, new PriceInput(new BigDecimal("99.00"), "USD"))),
                new TrialInput(true, null), null, null, "006Dn00000C3d4eIAB",
                Map.of("provisionerRequestId", MetadataValue.of("req_1")), null);

        ProvisionedSubscription provisioned = stigg.provisionSubscription(KEY, input);

        assertSent("{\"input\":{\"customerId\":\"acme\",\"planId\":\"plan-basic\",\"subscriptionId\":\"sub-sf-1\","
                + "\"billingPeriod\":\"MONTHLY\",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":5}],"
                + "\"entitlements\":[{\"feature\":{\"featureId\":\"feature-api-calls\",\"usageLimit\":1000}},"
                + "{\"credit\":{\"customCurrencyId\":\"cred-type-ai-tokens\",\"amount\":50,\"cadence\":\"MONTH\"}}],"
                + "\"priceOverrides\":[{\"baseCharge\":true,\"price\":{\"amount\":99.00,\"currency\":\"USD\"}}],"
                + "\"trialOverrideConfiguration\":{\"isTrial\":true},\"salesforceId\":\"006Dn00000C3d4eIAB\","
                + "\"additionalMetaData\":{\"provisionerRequestId\":\"req_1\"}}}");
        assertEquals(List.of(), STIGG.get().validationFailures());
        StiggSubscription subscription = provisioned.subscription();
        assertEquals("sub-sf-1", subscription.subscriptionId());
        assertEquals("plan-basic", subscription.planId());
        assertEquals("MONTHLY", subscription.billingPeriod());
        assertEquals("006Dn00000C3d4eIAB", subscription.salesforceId());
        assertEquals("addon-seats", subscription.addons().get(0).addon().refId());
        assertEquals(5, subscription.addons().get(0).quantity());
        assertTrue(provisioned.status() != null && subscription.status() != null);

        StiggSubscription found = stigg.findCustomer(KEY, "acme").orElseThrow().subscriptions().get(0);
        assertEquals("sub-sf-1", found.subscriptionId());
        assertTrue(found.productId() != null, "the plan's product is read");
    }

    @Test
    void anUpdateSendsAnEmptyListToClearItAndLeavesOutWhatItDoesNotChange() {
        stigg.provisionCustomer(KEY, new CustomerInput("acme", "Acme", null, null, null));
        stigg.provisionSubscription(KEY, new SubscriptionInput("acme", "plan-basic", "sub-sf-2", null, null,
                List.of(new AddonInput("addon-seats", 5)), null, null, null, null, null, null, null, null));

        StiggSubscription updated = stigg.updateSubscription(KEY, new SubscriptionUpdateInput("sub-sf-2", "IMMEDIATE",
                List.of(), null, null, null, null, Map.of("salesforceRevision", MetadataValue.of("2"))));

        assertSent("{\"input\":{\"subscriptionId\":\"sub-sf-2\",\"scheduleStrategy\":\"IMMEDIATE\",\"addons\":[],"
                + "\"additionalMetaData\":{\"salesforceRevision\":\"2\"}}}");
        assertEquals("sub-sf-2", updated.subscriptionId());
        assertEquals(List.of(), updated.addons());
    }

    @Test
    void aCancellationIsSentAsGivenAndReadBack() {
        stigg.provisionCustomer(KEY, new CustomerInput("acme", "Acme", null, null, null));
        stigg.provisionSubscription(KEY, new SubscriptionInput("acme", "plan-basic", "sub-sf-3", null, null, null, null,
                null, null, null, null, null, null, null));

        StiggCancellation cancelled = stigg.cancelSubscription(KEY,
                new CancellationInput("sub-sf-3", "IMMEDIATE", null, null, false));

        assertSent("{\"input\":{\"subscriptionRefId\":\"sub-sf-3\",\"subscriptionCancellationTime\":\"IMMEDIATE\","
                + "\"prorate\":false}}");
        assertEquals("sub-sf-3", cancelled.subscriptionId());
        assertTrue(cancelled.status() != null);
    }

    @Test
    void grantsAreFoundByTheirMetadataOnEveryPage() {
        stigg.provisionCustomer(KEY, new CustomerInput("acme", "Acme", null, null, null));
        for (int i = 1; i <= 101; i++) {
            stigg.createCreditGrant(KEY, grant("req_" + i));
        }
        assertSent("{\"input\":{\"customerId\":\"acme\",\"currencyId\":\"cred-type-test\",\"amount\":5,"
                + "\"displayName\":\"Grant\",\"grantType\":\"PROMOTIONAL\",\"priority\":2,"
                + "\"cost\":{\"amount\":1.50,\"currency\":\"USD\"},\"additionalMetaData\":{\"provisionerRequestId\":\"req_101\"}}}");

        List<StiggCreditGrant> grants = stigg.creditGrants(KEY, "acme", "cred-type-test");

        assertEquals(101, grants.size(), "both pages are read");
        StiggCreditGrant last = grants.stream()
                .filter(g -> "req_101".equals(g.additionalMetaData().get("provisionerRequestId"))).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("5").compareTo(last.amount()));
        assertEquals("cred-type-test", last.currencyId());
        assertEquals(List.of(), STIGG.get().validationFailures());
    }

    private static CreditGrantInput grant(String requestId) {
        return new CreditGrantInput("acme", "cred-type-test", new BigDecimal("5"), "Grant", "PROMOTIONAL", null, null,
                new BigDecimal("2"), null, null, null, new PriceInput(new BigDecimal("1.50"), "USD"),
                Map.of("provisionerRequestId", MetadataValue.of(requestId)));
    }

    /** The variables of the last call Stigg received are {@code expected}; numbers compared by value. */
    private static void assertSent(String expected) {
        List<StiggEmulator.Call> calls = STIGG.get().calls();
        JsonNode sent = calls.get(calls.size() - 1).variables();
        assertTrue(Json.read(expected).equals(SAME_NUMBER, sent), "sent " + sent);
    }
}
