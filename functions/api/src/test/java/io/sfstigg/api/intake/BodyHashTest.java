package io.sfstigg.api.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body hash a repeat is matched by: the same request must hash as it did before payloads were
 * typed, else a Salesforce callout retried across a deploy would be refused as a reused key.
 */
class BodyHashTest {
    /** Computed by the API before its payloads were typed (a request's JSON tree, canonicalised). */
    private static final Map<Operation, String> BEFORE = Map.of(
            Operation.CREATE_CUSTOMER, "572cb60c7bd931af5211cf2c436ec9025527af656101a487fc650e9ba78b6006",
            Operation.CREATE_SUBSCRIPTION, "7514e7841614b8140551ba4c6cc52908a0a0847787b4c7cc114164018dbd65a0",
            Operation.CREATE_CREDIT_GRANT, "1cdfb6e51eb8f88ef8393b557850e1bf8a86ea18029035be70014e08a4740336",
            Operation.PROVISION_OPPORTUNITY, "e489fe42c261e661aa4bab8916041b2a6f372c40b50276f9f60a0b13b57f191b",
            Operation.AMEND_OPPORTUNITY, "02ede836889ebdba0d92812160577ed0db06e5a4b98ed76c7f04faafda31cfe7",
            Operation.CANCEL_SUBSCRIPTION, "e0e3cd6bd63cde27a281012cc9a130f6d7a4054a386bdeb947f3138941a1c7d4",
            Operation.APPLY_STIGG_EVENT, "323d40f3de8fbd51db6ff78c6896d61011841ccc025c65506fb142987cb3ee31");

    @Test
    void everyOperationsRequestHashesAsItDidBeforeThePayloadsWereTyped() {
        assertEquals(Operation.values().length, BEFORE.size());
        BEFORE.forEach((operation, hash) ->
                assertEquals(hash, RequestIntake.bodyHash(operation, SampleRequests.of(operation)), operation.name()));
    }
}
