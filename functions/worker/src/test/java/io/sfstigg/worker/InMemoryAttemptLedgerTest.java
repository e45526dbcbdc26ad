package io.sfstigg.worker;

import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import java.time.Instant;

/** The worker's in-memory ledger keeps the port's contract. */
class InMemoryAttemptLedgerTest extends AttemptLedgerContract {
    private final InMemoryAttemptLedger ledger = new InMemoryAttemptLedger();

    @Override
    AttemptLedger ledger() {
        return ledger;
    }

    @Override
    String newRequest() {
        return ledger.accept(TENANT, Operation.CREATE_CUSTOMER, SampleRequests.of(Operation.CREATE_CUSTOMER), "acme", Instant.parse("2026-04-01T09:00:00Z"));
    }
}
