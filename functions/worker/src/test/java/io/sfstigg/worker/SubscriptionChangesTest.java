package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.intake.InMemoryOpportunityStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.AmendmentResult;
import io.sfstigg.core.ledger.CancellationResult;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.ledger.SubscriptionOutcome;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.BillingPeriod;
import io.sfstigg.core.model.CancellationAction;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.CancellationTime;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.OpportunityAmendment;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.opportunity.SubscriptionChange.Aspect;
import io.sfstigg.core.stigg.CancellationInput;
import io.sfstigg.core.stigg.CreditGrantInput;
import io.sfstigg.core.stigg.CustomerInput;
import io.sfstigg.core.stigg.ProvisionedSubscription;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCancellation;
import io.sfstigg.core.stigg.StiggCreditGrant;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.SubscriptionUpdateInput;
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's decisions on amendments and cancellations, against in-memory fakes of Stigg, the ledger and the state. */
class SubscriptionChangesTest {
    private static final String TENANT = "00D000000000001AAA";
    private static final String OPP = "006000000000001AAA";
    private static final String ORIGINAL = "req_00000000000000000000000000000001";
    private static final Tenant ORG = new Tenant(TENANT, "Acme", "acme.my.salesforce.com", false, Instant.EPOCH, "sandbox-1",
            "USD", "secret", "server-****abcd", Instant.EPOCH);

    private final List<String> calls = new ArrayList<>();
    private final List<ObjectNode> inputs = new ArrayList<>();
    private final Map<String, RequestRecord> records = new HashMap<>();
    private final InMemoryOpportunityStore store = new InMemoryOpportunityStore();
    private StiggException cancelFailure;
    private JsonNode customerInStigg;
    private SubscriptionChanges changes;

    /** Records each call and its input as sent (JSON, the fields left out absent). */
    private final Stigg stigg = new Stigg() {
        private StiggSubscription record(String call, Record input) {
            calls.add(call);
            inputs.add(Json.MAPPER.valueToTree(input));
            return new StiggSubscription("sub-1", "ACTIVE", null, null, null, null, null, null, null, null);
        }

        @Override public StiggCustomer provisionCustomer(String apiKey, CustomerInput input) {
            record("provisionCustomer", input);
            return new StiggCustomer(null, input.customerId(), null, null, null, null);
        }
        @Override public StiggCustomer updateCustomer(String apiKey, CustomerInput input) {
            record("updateCustomer", input);
            return new StiggCustomer(null, input.customerId(), null, null, null, null);
        }
        @Override public Optional<StiggCustomer> findCustomer(String apiKey, String customerId) {
            return Optional.ofNullable(customerInStigg).map(c -> Json.convert(c, StiggCustomer.class));
        }
        @Override public ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input) {
            return new ProvisionedSubscription(null, "SUCCESS", null, record("provisionSubscription", input));
        }
        @Override public StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input) {
            throw new UnsupportedOperationException("grants are ProvisionerTest's");
        }
        @Override public List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId) { return List.of(); }
        @Override public StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input) {
            return record("updateOneSubscription", input);
        }

        @Override
        public StiggCancellation cancelSubscription(String apiKey, CancellationInput input) {
            record("cancelSubscription", input);
            if (cancelFailure != null) {
                throw cancelFailure;
            }
            return new StiggCancellation(input.subscriptionRefId(), "ACTIVE", "2026-12-01T00:00:00Z", null, null, null);
        }
    };

    private final LedgerReader ledger = requestId -> Optional.ofNullable(records.get(requestId));

    /** The mutations each attempt took the pacer's permits for, in order. */
    private final List<String> admitted = new ArrayList<>();
    private final SubscriptionChanges.Permits permits = batch -> batch.forEach(call -> admitted.add(call.operation()));

    @BeforeEach
    void wire() {
        changes = new SubscriptionChanges(stigg, ledger, store, new DeepLinks("https://app.stigg.io"), Clock.systemUTC());
    }

    private static SubscriptionRequest lines(String plan, BillingPeriod period, AddonLine... addons) {
        return new SubscriptionRequest("001000000000001AAA", "acme", null, "Acme", OPP, plan, null, List.of(addons),
                List.of(), period, null, false, null, null, null, List.of());
    }

    private void provisioned(SubscriptionRequest applied, RequestStatus originalStatus) {
        records.put(ORIGINAL, record(ORIGINAL, Operation.PROVISION_OPPORTUNITY, applied, originalStatus));
        store.registerOriginal(TENANT, OPP, ORIGINAL, new Revision(1, "1"), false, ApplyAt.NOW, "acme", Instant.now());
        if (originalStatus == RequestStatus.SUCCEEDED) {
            store.recordApplied(TENANT, OPP, ORIGINAL, new Revision(1, "1"), "sub-1", applied,
                    Instant.now());
        }
    }

    private static RequestRecord record(String requestId, Operation operation, ProvisioningRequest payload,
            RequestStatus status) {
        RequestRecord accepted = RequestRecord.accepted(requestId, TENANT, operation, "key", "hash", payload, "acme",
                Instant.now(), Instant.now());
        return new RequestRecord(accepted.requestId(), TENANT, operation, status, "key", "hash", payload, "acme",
                accepted.createdAt(), accepted.updatedAt(), null, null, 1, null, null, null, null, null, null, 0);
    }

    private static RequestRecord amendment(String requestId, long revision, ApplyAt applyAt, SubscriptionRequest desired) {
        return record(requestId, Operation.AMEND_OPPORTUNITY, new OpportunityAmendment(OPP,
                new Revision(revision, Long.toString(revision)), applyAt, desired), RequestStatus.IN_PROGRESS);
    }

    /** Amends as the worker's table does: the record's payload, as its type. */
    private Provisioner.Provisioned amend(RequestRecord record, Tenant tenant, String apiKey,
            SubscriptionChanges.Permits permits) {
        return changes.amend(record, (OpportunityAmendment) record.payload(), tenant, apiKey, permits);
    }

    private Provisioner.Provisioned cancel(RequestRecord record, Tenant tenant, String apiKey,
            SubscriptionChanges.Permits permits) {
        return changes.cancel(record, (CancellationRequest) record.payload(), tenant, apiKey, permits);
    }

    @Test
    void fiveToEightSeatsIsOneUpdateAndItsRedeliveryNone() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.SUCCEEDED);
        RequestRecord amend = amendment("req_00000000000000000000000000000002", 2, ApplyAt.NOW,
                lines("plan-basic", null, new AddonLine("addon-seats", 8)));
        AmendmentResult result = (AmendmentResult) amend(amend, ORG, "key", permits).result();
        assertEquals(List.of("updateOneSubscription"), calls);
        assertEquals(List.of(Pacer.UPDATE_SUBSCRIPTION), admitted, "the update's permits were taken");
        ObjectNode input = inputs.get(0);
        assertEquals("sub-1", input.path("subscriptionId").asText());
        assertEquals("IMMEDIATE", input.path("scheduleStrategy").asText());
        assertEquals(8, input.path("addons").path(0).path("quantity").asInt());
        assertFalse(input.has("billingPeriod"), "a billing period left out is kept");
        assertEquals(List.of(Aspect.ADDONS), result.changes());
        assertEquals("NOW", result.applyAt());
        assertEquals("2", store.find(TENANT, OPP).orElseThrow().appliedRevision().text());

        amend(amend, ORG, "key", permits);
        assertEquals(1, calls.size(), "a redelivered amendment applied already calls Stigg no more");
        assertEquals(1, admitted.size(), "nor takes permits");
    }

    @Test
    void aRenewalChangesTheLiveSubscriptionWhenItsOpportunityAsks() {
        customerInStigg = Json.read("{\"customerId\":\"acme\",\"subscriptions\":[{\"subscriptionId\":\"sub-old\","
                + "\"status\":\"CANCELED\",\"plan\":{\"refId\":\"plan-basic\",\"product\":{\"refId\":\"p\"}}},"
                + "{\"subscriptionId\":\"sub-live\",\"status\":\"ACTIVE\",\"plan\":{\"refId\":\"plan-basic\","
                + "\"product\":{\"refId\":\"p\"}}}]}");
        String renewal = "006000000000002AAA";
        SubscriptionRequest desired = new SubscriptionRequest("001000000000001AAA", "acme", null, "Acme", renewal,
                "plan-basic", null, List.of(new AddonLine("addon-seats", 3)), List.of(), null, null, false, null, null, null,
                List.of());
        RequestRecord record = record("req_00000000000000000000000000000005", Operation.PROVISION_OPPORTUNITY,
                desired, RequestStatus.IN_PROGRESS);
        store.registerOriginal(TENANT, renewal, record.requestId(), null, false, ApplyAt.END_OF_BILLING_PERIOD, "acme",
                Instant.now());
        SubscriptionOutcome renewed = changes.renewLive(record, ORG, "key", desired, Provisioner.subscriptionId(record.requestId()), permits)
                .orElseThrow();
        assertEquals(List.of("updateOneSubscription"), calls);
        assertEquals(List.of(Pacer.UPDATE_SUBSCRIPTION), admitted);
        assertEquals("sub-live", inputs.get(0).path("subscriptionId").asText());
        assertEquals("END_OF_BILLING_PERIOD", inputs.get(0).path("scheduleStrategy").asText());
        assertEquals(3, inputs.get(0).path("addons").path(0).path("quantity").asInt());
        assertEquals(true, renewed.renewed());
        assertEquals("sub-live", renewed.subscriptionId());
        assertEquals("END_OF_BILLING_PERIOD", renewed.applyAt());

        customerInStigg = Json.read("{\"customerId\":\"acme\",\"subscriptions\":[]}");
        assertTrue(changes.renewLive(record, ORG, "key", desired, "sub-x", permits).isEmpty(), "no live subscription: a new one");
    }

    @Test
    void anUnchangedOpportunityCallsNothingAndSaysSo() {
        SubscriptionRequest same = lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5));
        provisioned(same, RequestStatus.SUCCEEDED);
        AmendmentResult result = (AmendmentResult) amend(amendment("req_00000000000000000000000000000002", 2,
                ApplyAt.NOW, same), ORG, "key", permits).result();
        assertEquals(List.of(), calls);
        assertEquals(List.of(), admitted);
        assertTrue(result.unchanged());
        assertFalse(result.stiggCalled());
    }

    @Test
    void removedAddonAndNewBillingPeriodSendExactlyTheNewLinesAtPeriodEnd() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5),
                new AddonLine("addon-support", 1)), RequestStatus.SUCCEEDED);
        amend(amendment("req_00000000000000000000000000000002", 2, ApplyAt.END_OF_BILLING_PERIOD,
                lines("plan-basic", BillingPeriod.ANNUALLY, new AddonLine("addon-seats", 5))), ORG, "key", permits);
        ObjectNode input = inputs.get(0);
        assertEquals("END_OF_BILLING_PERIOD", input.path("scheduleStrategy").asText());
        assertEquals("ANNUALLY", input.path("billingPeriod").asText());
        assertEquals(1, input.path("addons").size());
        assertEquals("addon-seats", input.path("addons").path(0).path("addonId").asText());
    }

    @Test
    void aPlanChangeProvisionsTheNewPlanAndTheOpportunityFollowsIt() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.SUCCEEDED);
        String requestId = "req_00000000000000000000000000000002";
        Provisioner.Provisioned changed = amend(amendment(requestId, 2, ApplyAt.NOW, lines("plan-pro",
                BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5))), ORG, "key", permits);
        assertEquals("provisionSubscription", calls.get(0));
        assertEquals(List.of(Pacer.PROVISION_SUBSCRIPTION), admitted);
        assertEquals("plan-pro", inputs.get(0).path("planId").asText());
        assertEquals(Provisioner.subscriptionId(requestId), inputs.get(0).path("subscriptionId").asText());
        assertEquals("IMMEDIATE", inputs.get(0).path("scheduleStrategy").asText());
        assertEquals(Provisioner.subscriptionId(requestId), store.find(TENANT, OPP).orElseThrow().subscriptionId());
        assertEquals(1, changed.links().size(), "the new subscription's links are written with the result");
        LinkUpdate link = changed.links().get(0);
        assertEquals(Provisioner.subscriptionId(requestId), link.subscription().subscriptionId());
        assertEquals(OPP, link.subscription().salesforceOpportunityId());
        assertEquals("acme", link.customerId());
    }

    @Test
    void anOlderRevisionThanTheAppliedOneFailsWithoutCallingStigg() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.SUCCEEDED);
        amend(amendment("req_00000000000000000000000000000003", 3, ApplyAt.NOW,
                lines("plan-basic", null, new AddonLine("addon-seats", 8))), ORG, "key", permits);
        OpportunityChangeException stale = assertThrows(OpportunityChangeException.class, () -> amend(amendment(
                "req_00000000000000000000000000000002", 2, ApplyAt.NOW, lines("plan-basic", null, new AddonLine("addon-seats", 6))),
                ORG, "key", permits));
        assertEquals("StaleRevision", stale.code());
        assertFalse(stale.retryable());
        assertTrue(stale.getMessage().contains("revision 2") && stale.getMessage().contains("revision 3"));
        assertEquals(1, calls.size());
    }

    @Test
    void aChangeWaitsWhileAnotherChangeToTheSameOpportunityIsBeingApplied() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.SUCCEEDED);
        assertTrue(store.claimChange(TENANT, OPP, "req_00000000000000000000000000000003", Instant.now(),
                Instant.now().plusSeconds(60)));
        RequestRecord amend = amendment("req_00000000000000000000000000000002", 2, ApplyAt.NOW,
                lines("plan-basic", null, new AddonLine("addon-seats", 8)));
        OpportunityChangeException busy = assertThrows(OpportunityChangeException.class, () -> amend(amend, ORG, "key", permits));
        assertEquals("OpportunityChangeInProgress", busy.code());
        assertTrue(busy.retryable());
        assertEquals(List.of(), calls);
        store.releaseChange(TENANT, OPP, "req_00000000000000000000000000000003");
        amend(amend, ORG, "key", permits);
        assertEquals(List.of("updateOneSubscription"), calls);
        assertTrue(store.claimChange(TENANT, OPP, "req_00000000000000000000000000000004", Instant.now(),
                Instant.now().plusSeconds(60)), "the amendment gave its claim up");
    }

    @Test
    void anAmendmentWaitsWhileTheOriginalRunsAndFailsWhenItFailed() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.QUEUED);
        RequestRecord amend = amendment("req_00000000000000000000000000000002", 2, ApplyAt.NOW,
                lines("plan-basic", null, new AddonLine("addon-seats", 8)));
        OpportunityChangeException waiting = assertThrows(OpportunityChangeException.class, () -> amend(amend, ORG, "key", permits));
        assertEquals("WaitingForOriginal", waiting.code());
        assertTrue(waiting.retryable());
        records.put(ORIGINAL, record(ORIGINAL, Operation.PROVISION_OPPORTUNITY, lines("plan-basic", BillingPeriod.MONTHLY),
                RequestStatus.FAILED));
        OpportunityChangeException failed = assertThrows(OpportunityChangeException.class, () -> amend(amend, ORG, "key", permits));
        assertEquals("OriginalProvisioningFailed", failed.code());
        assertFalse(failed.retryable());
        assertEquals(List.of(), calls);
    }

    @Test
    void cancelSendsTheChosenTimeAndDateAndCountsAnEarlierCancellationAsDone() {
        provisioned(lines("plan-basic", BillingPeriod.MONTHLY, new AddonLine("addon-seats", 5)), RequestStatus.SUCCEEDED);
        RequestRecord cancel = record("req_00000000000000000000000000000009", Operation.CANCEL_SUBSCRIPTION,
                new CancellationRequest(OPP, null, "acme", CancellationTime.SPECIFIC_DATE,
                        "2027-01-15T00:00:00Z", CancellationAction.REVOKE_ENTITLEMENTS, false), RequestStatus.IN_PROGRESS);
        CancellationResult result = (CancellationResult) cancel(cancel, ORG, "key", permits).result();
        ObjectNode input = inputs.get(0);
        assertEquals("sub-1", input.path("subscriptionRefId").asText());
        assertEquals("SPECIFIC_DATE", input.path("subscriptionCancellationTime").asText());
        assertEquals("2027-01-15T00:00:00Z", input.path("endDate").asText());
        assertEquals("REVOKE_ENTITLEMENTS", input.path("subscriptionCancellationAction").asText());
        assertFalse(input.path("prorate").asBoolean(true));
        assertFalse(result.cancellation().alreadyCancelled());
        assertEquals("2026-12-01T00:00:00Z", result.cancellation().cancellationDate());
        assertEquals(OPP, result.opportunityId());
        assertEquals(List.of(Pacer.CANCEL_SUBSCRIPTION), admitted);

        cancelFailure = new StiggException(StiggErrorCode.SUBSCRIPTION_ALREADY_CANCELED_OR_EXPIRED, "already CANCELED", "t");
        CancellationResult again = (CancellationResult) cancel(cancel, ORG, "key", permits).result();
        assertTrue(again.cancellation().alreadyCancelled());
        assertEquals("CANCELED", again.cancellation().status());
        cancelFailure = new StiggException(StiggErrorCode.SUBSCRIPTION_NOT_FOUND, "no such subscription", "t");
        assertEquals(StiggErrorCode.SUBSCRIPTION_NOT_FOUND,
                assertThrows(StiggException.class, () -> cancel(cancel, ORG, "key", permits)).code());
    }
}
