package io.sfstigg.core.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request of every operation, each field set, for tests of how requests are stored, carried and hashed. */
public final class SampleRequests {
    public static final SubscriptionRequest SUBSCRIPTION = new SubscriptionRequest("001000000000001AAA", "acme",
            "billing@acme.test", "Acme", "006000000000001AAA", "plan-pro", new Money(new BigDecimal("49.90"), "EUR"),
            List.of(new SubscriptionRequest.AddonLine("addon-seats", 3)),
            List.of(new SubscriptionRequest.FeatureEntitlement("feature-api", new BigDecimal("1000"))),
            BillingPeriod.ANNUALLY, PaymentCollectionMethod.INVOICE, true, "2026-04-01T00:00:00Z",
            "2026-03-01T00:00:00Z", "res-1", List.of(new SubscriptionRequest.CreditEntitlement("credits",
                    new BigDecimal("500"), CreditCadence.MONTH, new Money(new BigDecimal("10.00"), "EUR"))));

    private SampleRequests() {}

    /** By operation; both subscription operations carry {@link #SUBSCRIPTION}. */
    public static Map<Operation, ProvisioningRequest> all() {
        Map<Operation, ProvisioningRequest> samples = new EnumMap<>(Operation.class);
        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        metadata.put("tier", MetadataValue.of("gold"));
        metadata.put("seats", MetadataValue.of(BigInteger.valueOf(12)));
        samples.put(Operation.CREATE_CUSTOMER,
                new CustomerRequest("001000000000001AAA", "acme", "Acme", "billing@acme.test", metadata));
        samples.put(Operation.CREATE_SUBSCRIPTION, SUBSCRIPTION);
        samples.put(Operation.PROVISION_OPPORTUNITY, SUBSCRIPTION);
        samples.put(Operation.CREATE_CREDIT_GRANT, new CreditGrantRequest("acme", GrantType.PAID, "credits", "Top-up",
                new BigDecimal("250.5"), "res-1", "renewal", "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z",
                BigDecimal.ONE, PaymentCollectionMethod.PAYMENT_METHOD_ON_FILE, new Money(new BigDecimal("100"), "USD")));
        samples.put(Operation.AMEND_OPPORTUNITY, new OpportunityAmendment("006000000000001AAA",
                new Revision(1711929600000L, "2024-04-01T00:00:00.000Z"), ApplyAt.END_OF_BILLING_PERIOD, SUBSCRIPTION));
        samples.put(Operation.CANCEL_SUBSCRIPTION, new CancellationRequest("006000000000001AAA", null, "acme",
                CancellationTime.SPECIFIC_DATE, "2026-06-30T00:00:00Z", CancellationAction.REVOKE_ENTITLEMENTS, true));
        samples.put(Operation.APPLY_STIGG_EVENT, new StiggEvent("subscription.updated", "msg-1", "trace-1",
                Instant.parse("2026-03-01T10:00:00.123Z"), StiggEvent.Kind.SUBSCRIPTION, "sub-1", "acme",
                new StiggEvent.Subscription("ACTIVE", "plan-pro", "Pro", "2026-04-01T00:00:00Z", null, null),
                new StiggEvent.Credit("credits", new BigDecimal("12.50"), "LOW")));
        return samples;
    }

    public static ProvisioningRequest of(Operation operation) {
        return all().get(operation);
    }
}
