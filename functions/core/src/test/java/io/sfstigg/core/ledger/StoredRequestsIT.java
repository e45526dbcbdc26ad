package io.sfstigg.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.SampleRequests;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.DynamoOpportunityStore;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.testing.LocalDynamoTables;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Typed requests in the requests table, against DynamoDB Local: stored as the JSON the ledger has
 * always held, read back as their operation's type, items written before the types read alike.
 */
class StoredRequestsIT {
    private static final String TABLE = "requests";
    private static final String TENANT = "00D000000000001AAA";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    @RegisterExtension
    static final LocalDynamoTables DYNAMO = new LocalDynamoTables(TABLE);
    private static DynamoDbClient dynamo;
    private static Ledger ledger;

    @BeforeAll
    static void ledger() {
        dynamo = DYNAMO.client();
        ledger = new DynamoLedger(dynamo, TABLE);
    }

    private static String attribute(String pk, String name) {
        return dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(pk)))).item().get(name).s();
    }

    @Test
    void everyOperationsPayloadIsStoredAsItsTreeJsonAndReadBackAsItsType() {
        for (Operation operation : Operation.values()) {
            ProvisioningRequest sample = SampleRequests.of(operation);
            String requestId = "req_stored_" + operation;
            assertTrue(ledger.create(RequestRecord.accepted(requestId, TENANT, operation, "key", "hash", sample, "acme",
                    NOW, NOW.plusSeconds(10))));

            String stored = attribute(requestId, "payload");
            ProvisioningRequest read = ledger.find(requestId).orElseThrow().payload();
            assertEquals(Json.writeAsTree(sample), stored, operation.name());
            assertEquals(operation.requestType(), read.getClass(), operation.name());
            assertEquals(stored, Json.writeAsTree(read), operation.name());
        }
    }

    @Test
    void aPayloadStoredBeforeTheTypesIsReadIgnoringFieldsItDoesNotKnow() {
        String requestId = "req_stored_before";
        dynamo.putItem(r -> r.tableName(TABLE).item(Map.of(
                "pk", AttributeValue.fromS(requestId),
                "tenantId", AttributeValue.fromS(TENANT),
                "operation", AttributeValue.fromS(Operation.CREATE_CUSTOMER.name()),
                "status", AttributeValue.fromS("QUEUED"),
                "createdAt", AttributeValue.fromS(NOW.toString()),
                "payload", AttributeValue.fromS("{\"salesforceAccountId\":\"001000000000001AAA\","
                        + "\"stiggCustomerId\":\"acme\",\"name\":\"Acme\",\"email\":\"billing@acme.test\","
                        + "\"metadata\":{\"tier\":\"gold\",\"seats\":12},\"retiredField\":true}"))));

        assertEquals(SampleRequests.of(Operation.CREATE_CUSTOMER),
                ledger.find(requestId).orElseThrow().payload());
    }

    @Test
    void anOpportunitysAppliedStateIsStoredAsBeforeAndReadAsASubscription() {
        OpportunityStore opportunities = new DynamoOpportunityStore(dynamo, TABLE);
        SubscriptionRequest applied = SampleRequests.SUBSCRIPTION;
        String opportunityId = applied.salesforceOpportunityId();
        opportunities.registerOriginal(TENANT, opportunityId, "req_original", null, false, null, "acme", NOW);
        assertTrue(opportunities.recordApplied(TENANT, opportunityId, "req_original", null, "sub-1", applied, NOW));

        String stored = attribute("opp#" + TENANT + "#" + opportunityId, "applied");
        SubscriptionRequest read = opportunities.find(TENANT, opportunityId).orElseThrow().applied();
        assertEquals(Json.writeAsTree(applied), stored);
        assertEquals(stored, Json.writeAsTree(read));
        assertEquals("EUR", read.planBaseChargeOverride().currency());
    }
}
