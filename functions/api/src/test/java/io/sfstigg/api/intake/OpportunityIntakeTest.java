package io.sfstigg.api.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.api.validation.OpportunityChanges.Options;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.CancellationTime;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.OpportunityAmendment;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which request an opportunity's post becomes: first provisioning, replay, amendment, refusal, cancellation. */
class OpportunityIntakeTest {
    private static final String TENANT = "00D000000000001AAA";
    private static final String OPP = "006000000000001AAA";

    private final InMemoryIntakeLedger ledger = new InMemoryIntakeLedger();
    private final InMemoryOpportunityStore store = new InMemoryOpportunityStore();
    private final List<ProvisioningMessage> sent = new ArrayList<>();
    private final RequestQueue queue = new RequestQueue() {
        @Override
        public void send(ProvisioningMessage message) {
            sent.add(message);
        }

        @Override
        public void changeVisibility(String receiptHandle, Duration delay) {
        }

        @Override
        public void requeue(ProvisioningMessage message, int copy, Duration delay) {
            throw new UnsupportedOperationException("worker side");
        }
    };
    private final OpportunityIntake intake = new OpportunityIntake(new RequestIntake(ledger, queue, Clock.systemUTC()),
            store, ledger, Clock.systemUTC());

    static SubscriptionRequest seats(int seats, String plan) {
        return new SubscriptionRequest("001000000000001AAA", "001000000000001AAA", null, "Acme", OPP, plan, null,
                List.of(new AddonLine("addon-seats", seats)), List.of(), null, null, false, null, null, null, List.of());
    }

    private static Options at(long revision) {
        return new Options(new Revision(revision, Long.toString(revision)), ApplyAt.NOW, false);
    }

    private Accepted provisionedWithFiveSeats() {
        Accepted original = intake.provision(TENANT, seats(5, "plan-basic"), at(1), OPP);
        ledger.setStatus(original.record().requestId(), RequestStatus.SUCCEEDED);
        store.recordApplied(TENANT, OPP, original.record().requestId(), new Revision(1, "1"), "sub-1",
                seats(5, "plan-basic"), java.time.Instant.now());
        return original;
    }

    @Test
    void firstPostProvisionsAndItsRepeatIsTheSameRequest() {
        Accepted first = intake.provision(TENANT, seats(5, "plan-basic"), at(1), OPP);
        Accepted again = intake.provision(TENANT, seats(5, "plan-basic"), at(1), null);
        assertEquals(Operation.PROVISION_OPPORTUNITY, first.record().operation());
        assertEquals(first.record().requestId(), again.record().requestId());
        assertTrue(again.replayed());
        assertEquals(1, sent.size());
        assertEquals(first.record().requestId(), store.find(TENANT, OPP).orElseThrow().originalRequestId());
    }

    @Test
    void changedLinesBecomeOneAmendmentPerRevision() {
        Accepted original = provisionedWithFiveSeats();
        Accepted amendment = intake.provision(TENANT, seats(8, "plan-basic"), at(2), OPP);
        Accepted repeat = intake.provision(TENANT, seats(8, "plan-basic"), at(2), OPP);
        assertEquals(Operation.AMEND_OPPORTUNITY, amendment.record().operation());
        assertNotEquals(original.record().requestId(), amendment.record().requestId());
        assertEquals(amendment.record().requestId(), repeat.record().requestId());
        assertTrue(repeat.replayed());
        assertEquals(2, sent.size(), "the original and one amendment");
        assertEquals(8, ((OpportunityAmendment) amendment.record().payload()).desired().addons().get(0).quantity());
        assertEquals(2, store.find(TENANT, OPP).orElseThrow().history().size());
    }

    @Test
    void anAmendmentWhileTheOriginalIsQueuedIsAcceptedForLater() {
        intake.provision(TENANT, seats(5, "plan-basic"), at(1), OPP);
        Accepted amendment = intake.provision(TENANT, seats(8, "plan-basic"), at(2), OPP);
        assertEquals(Operation.AMEND_OPPORTUNITY, amendment.record().operation());
        assertEquals(2, sent.size());
    }

    @Test
    void anOlderRevisionThanTheAppliedOneIsRefusedNamingBoth() {
        provisionedWithFiveSeats();
        Accepted newer = intake.provision(TENANT, seats(8, "plan-basic"), at(5), OPP);
        store.recordApplied(TENANT, OPP, newer.record().requestId(), new Revision(5, "5"), "sub-1",
                seats(8, "plan-basic"), java.time.Instant.now());
        OpportunityConflictException refused = assertThrows(OpportunityConflictException.class,
                () -> intake.provision(TENANT, seats(6, "plan-basic"), at(3), OPP));
        assertEquals("stale-revision", refused.type());
        assertTrue(refused.getMessage().contains("revision 3") && refused.getMessage().contains("revision 5"),
                refused.getMessage());
        assertEquals(2, sent.size(), "nothing enqueued for the stale revision");
    }

    @Test
    void aChangeWithoutRevisionSaysWhichFieldToSend() {
        provisionedWithFiveSeats();
        ValidationException e = assertThrows(ValidationException.class, () -> intake.provision(TENANT,
                seats(8, "plan-basic"), new Options(null, ApplyAt.NOW, false), OPP));
        assertEquals("systemModstamp", e.errors().get(0).field());
    }

    @Test
    void cancellingIsOncePerOpportunityAndUnknownOpportunitiesAreNotFound() {
        assertThrows(UnknownOpportunityException.class, () -> intake.cancelOpportunity(TENANT, cancel(CancellationTime.IMMEDIATE)));
        provisionedWithFiveSeats();
        Accepted first = intake.cancelOpportunity(TENANT, cancel(CancellationTime.END_OF_BILLING_PERIOD));
        Accepted again = intake.cancelOpportunity(TENANT, cancel(CancellationTime.END_OF_BILLING_PERIOD));
        assertEquals(first.record().requestId(), again.record().requestId());
        assertTrue(again.replayed());
        assertEquals(2, sent.size(), "the original and one cancellation");
        assertEquals("already-cancelled", assertThrows(OpportunityConflictException.class,
                () -> intake.cancelOpportunity(TENANT, cancel(CancellationTime.IMMEDIATE))).type());
        assertEquals("opportunity-cancelled", assertThrows(OpportunityConflictException.class,
                () -> intake.provision(TENANT, seats(9, "plan-basic"), at(7), OPP)).type());
    }

    @Test
    void cancellingAnOpportunityWhoseProvisioningFailedIsAConflict() {
        Accepted original = intake.provision(TENANT, seats(5, "plan-basic"), at(1), OPP);
        ledger.setStatus(original.record().requestId(), RequestStatus.FAILED);
        OpportunityConflictException e = assertThrows(OpportunityConflictException.class,
                () -> intake.cancelOpportunity(TENANT, cancel(CancellationTime.IMMEDIATE)));
        assertEquals("not-provisioned", e.type());
        assertFalse(store.find(TENANT, OPP).orElseThrow().cancelRequestId() != null);
    }

    @Test
    void cancellingTheOpportunitysSubscriptionByIdIsTheSameCancellation() {
        provisionedWithFiveSeats();
        Accepted byOpportunity = intake.cancelOpportunity(TENANT, cancel(CancellationTime.IMMEDIATE));
        Accepted bySubscription = intake.cancelSubscription(TENANT, new CancellationRequest(null, "sub-1", null,
                CancellationTime.IMMEDIATE, null, null, null), Optional.of(OPP), 0);
        assertEquals(byOpportunity.record().requestId(), bySubscription.record().requestId());
    }

    private static CancellationRequest cancel(CancellationTime time) {
        return new CancellationRequest(OPP, null, null, time, null, null, null);
    }
}
