package io.sfstigg.worker;

import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import io.sfstigg.core.testing.LocalDynamoTables;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DynamoDB ledger keeps the worker's port's contract, against DynamoDB Local. */
class DynamoAttemptLedgerIT extends AttemptLedgerContract {
    @RegisterExtension
    static final LocalDynamoTables DYNAMO = new LocalDynamoTables("requests");

    /** Built per test, after the class's tables. */
    private final DynamoLedger ledger = new DynamoLedger(DYNAMO.client(), "requests");

    @Override
    AttemptLedger ledger() {
        return ledger;
    }

    @Override
    String newRequest() {
        String id = "req_" + UUID.randomUUID().toString().replace("-", "");
        Instant created = Instant.parse("2026-04-01T09:00:00Z");
        ledger.create(RequestRecord.accepted(id, TENANT, Operation.CREATE_CUSTOMER, "key-" + id, "hash",
                SampleRequests.of(Operation.CREATE_CUSTOMER), "acme", created, created));
        return id;
    }
}
