package io.sfstigg.api.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.api.validation.RequestParser;
import io.sfstigg.core.hash.Sha256;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import java.time.Clock;
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

    /**
     * Metadata was carried as the parsed JSON object: whole numbers, decimals (trailing zeros and
     * exponents included), booleans and text hash as they did then.
     */
    @Test
    void metadataHashesAsTheParsedObjectDid() {
        String metadata = "{\"seats\":1000,\"big\":9007199254740993,\"price\":49.90,\"round\":1.5e3,"
                + "\"zero\":0.0,\"negative\":-7,\"active\":true,\"tier\":\"gold\"}";
        String body = "{\"salesforceAccountId\":\"001000000000001AAA\",\"name\":\"Acme\",\"metadata\":" + metadata + "}";
        CustomerRequest typed = new RequestParser("USD", Clock.systemUTC()).customer(Json.read(body));

        ObjectNode before = Json.object().put("salesforceAccountId", "001000000000001AAA")
                .put("stiggCustomerId", "001000000000001AAA").put("name", "Acme").putNull("email");
        before.set("metadata", Json.read(metadata));
        String hashBefore = Sha256.hex(Operation.CREATE_CUSTOMER.name() + "\n"
                + Json.canonical(Json.MAPPER.valueToTree(before)));

        assertEquals(hashBefore, RequestIntake.bodyHash(Operation.CREATE_CUSTOMER, typed));
        assertEquals(Json.writeAsTree(before), Json.writeAsTree(typed), "stored as before");
        String stored = Json.writeAsTree(typed);
        assertEquals(stored, Json.writeAsTree(Json.read(stored, CustomerRequest.class)), "read back as stored");
    }
}
