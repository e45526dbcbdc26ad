package io.sfstigg.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A message as the queue carries it: written as JSON, read back with its payload of its operation's type. */
class ProvisioningMessageTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00.250Z");

    private static ProvisioningMessage message(Operation operation) {
        return new ProvisioningMessage(ProvisioningMessage.SCHEMA_VERSION, "req_1", "00D000000000001AAA", operation,
                "key-1", CREATED, SampleRequests.of(operation));
    }

    @Test
    void everyOperationsMessageReadsBackAsItsTypeAndWritesTheSameBody() {
        for (Operation operation : Operation.values()) {
            String body = message(operation).toJson();
            ProvisioningMessage read = ProvisioningMessage.read(body);
            assertEquals(operation.requestType(), read.payload().getClass(), operation.name());
            assertEquals(body, read.toJson(), operation.name());
            assertEquals(message(operation).requestId(), read.requestId());
        }
        assertEquals(SampleRequests.of(Operation.CANCEL_SUBSCRIPTION),
                ProvisioningMessage.read(message(Operation.CANCEL_SUBSCRIPTION).toJson()).payload());
    }

    /** The bodies the API sent before its payloads were typed, byte for byte: the worker reads both alike. */
    @Test
    void theBodyIsTheOneSentWhenPayloadsWereTrees() {
        assertEquals("{\"schemaVersion\":1,\"requestId\":\"req_1\",\"tenantId\":\"00D000000000001AAA\","
                + "\"operation\":\"CREATE_CREDIT_GRANT\",\"idempotencyKey\":\"key-1\","
                + "\"createdAt\":\"2026-03-01T10:00:00.250Z\",\"payload\":{\"stiggCustomerId\":\"acme\","
                + "\"grantType\":\"PAID\",\"currencyId\":\"credits\",\"displayName\":\"Top-up\","
                + "\"amount\":250.5,\"resourceId\":\"res-1\",\"comment\":\"renewal\","
                + "\"effectiveDate\":\"2026-03-01T00:00:00Z\",\"expirationDate\":\"2027-03-01T00:00:00Z\","
                + "\"priority\":1,\"paymentCollectionMethod\":\"PAYMENT_METHOD_ON_FILE\","
                + "\"cost\":{\"amount\":100,\"currency\":\"USD\"}}}",
                message(Operation.CREATE_CREDIT_GRANT).toJson());
        assertEquals("{\"schemaVersion\":1,\"requestId\":\"req_1\",\"tenantId\":\"00D000000000001AAA\","
                + "\"operation\":\"CREATE_SUBSCRIPTION\",\"idempotencyKey\":\"key-1\","
                + "\"createdAt\":\"2026-03-01T10:00:00.250Z\","
                + "\"payload\":{\"salesforceAccountId\":\"001000000000001AAA\",\"stiggCustomerId\":\"acme\","
                + "\"customerEmail\":\"billing@acme.test\",\"customerName\":\"Acme\","
                + "\"salesforceOpportunityId\":\"006000000000001AAA\",\"planId\":\"plan-pro\","
                + "\"planBaseChargeOverride\":{\"amount\":49.9,\"currency\":\"EUR\"},"
                + "\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":3}],"
                + "\"entitlements\":[{\"featureId\":\"feature-api\",\"usageLimit\":1000}],"
                + "\"billingPeriod\":\"ANNUALLY\",\"paymentCollectionMethod\":\"INVOICE\",\"trial\":true,"
                + "\"trialEndDate\":\"2026-04-01T00:00:00Z\",\"startDate\":\"2026-03-01T00:00:00Z\","
                + "\"resourceId\":\"res-1\",\"creditEntitlements\":[{\"customCurrencyId\":\"credits\","
                + "\"amount\":500,\"cadence\":\"MONTH\",\"priceOverride\":{\"amount\":10,"
                + "\"currency\":\"EUR\"}}]}}",
                message(Operation.CREATE_SUBSCRIPTION).toJson());
    }

    @Test
    void aMessageInFlightWithFieldsThisReaderDoesNotKnowIsRead() {
        String body = "{\"schemaVersion\":1,\"requestId\":\"req_2\",\"tenantId\":\"00D000000000001AAA\","
                + "\"operation\":\"CREATE_CREDIT_GRANT\",\"idempotencyKey\":\"k\",\"createdAt\":\"2026-03-01T10:00:00Z\","
                + "\"traceparent\":\"00-abc\",\"payload\":{\"stiggCustomerId\":\"acme\",\"currencyId\":\"credits\","
                + "\"amount\":12.5,\"cost\":{\"amount\":3,\"currency\":\"EUR\"},\"note\":\"from an older API\"}}";
        ProvisioningMessage read = ProvisioningMessage.read(body);
        CreditGrantRequest grant = (CreditGrantRequest) read.payload();
        assertEquals("req_2", read.requestId());
        assertEquals(new BigDecimal("12.5"), grant.amount());
        assertEquals("EUR", grant.cost().currency());
    }

    @Test
    void aMessageOfAnotherSchemaVersionIsReadWithoutItsPayloadForTheWorkerToRefuse() {
        String body = "{\"schemaVersion\":2,\"requestId\":\"req_3\",\"operation\":\"CREATE_CUSTOMER\","
                + "\"payload\":{\"customer\":{\"id\":\"acme\"}}}";
        ProvisioningMessage read = ProvisioningMessage.read(body);
        assertEquals(2, read.schemaVersion());
        assertEquals("req_3", read.requestId());
        assertNull(read.payload());
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProvisioningMessage.read("[1,2]"));
    }
}
