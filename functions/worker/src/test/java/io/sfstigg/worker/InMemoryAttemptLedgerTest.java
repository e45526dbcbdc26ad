package io.sfstigg.worker;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.model.Operation;
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
        return ledger.accept(TENANT, Operation.CREATE_CUSTOMER, Json.object(), "acme", Instant.parse("2026-04-01T09:00:00Z"));
    }
}
