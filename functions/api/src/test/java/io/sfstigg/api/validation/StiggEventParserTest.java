package io.sfstigg.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.StiggEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stigg's event shapes (docs/stigg-webhooks.md). */
class StiggEventParserTest {
    @Test
    void subscriptionEventReadsTheEmbeddedSubscriptionCustomerAndPlan() {
        StiggEvent event = StiggEventParser.parse(Json.read("{\"type\":\"subscription.canceled\",\"messageId\":\"a6ce-1\","
                + "\"traceId\":\"549a-1\",\"timestamp\":\"2026-11-29T10:00:00Z\",\"entityId\":\"uuid\",\"id\":\"sub-1\","
                + "\"status\":\"CANCELED\",\"cancellationDate\":\"2026-11-29T09:00:00.001Z\",\"trialEndDate\":null,"
                + "\"customer\":{\"id\":\"cust-1\",\"name\":\"\",\"email\":null},\"plan\":{\"id\":\"plan-pro\",\"name\":\"Pro\"},"
                + "\"addons\":[],\"metadata\":null}"));
        assertEquals(StiggEvent.Kind.SUBSCRIPTION, event.kind());
        assertEquals("subscription#sub-1", event.entityKey());
        assertEquals("cust-1", event.customerId());
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), event.timestamp());
        assertEquals("CANCELED", event.subscription().status());
        assertEquals("Pro", event.subscription().planName());
        assertEquals("2026-11-29T09:00:00.001Z", event.subscription().cancellationDate());
        assertNull(event.subscription().trialEndDate());
        assertEquals(event, Json.convert(Json.MAPPER.valueToTree(event), StiggEvent.class), "survives the ledger and the queue");
    }

    @Test
    void creditBalanceEventsUseStiggsSpellingAndTheirLevel() {
        StiggEvent low = StiggEventParser.parse(Json.read("{\"messageId\":\"b309\",\"traceId\":\"e0ab\",\"timestamp\":"
                + "\"2026-01-21T14:46:52.006Z\",\"type\":\"credit_balance.low\",\"customer\":{\"id\":\"customer-b2b94b\"},"
                + "\"creditCurrency\":{\"id\":\"cred-type-ai-tokens\"},\"totalGranted\":5000,\"remainingBalance\":4000}"));
        assertEquals(StiggEvent.Kind.CREDIT_BALANCE, low.kind());
        assertEquals("LOW", low.credit().level());
        assertEquals(new BigDecimal("4000"), low.credit().remainingBalance());
        assertEquals("credit#customer-b2b94b#cred-type-ai-tokens", low.entityKey());
        assertEquals("DEPLETED", StiggEventParser.parse(Json.read("{\"messageId\":\"m\",\"type\":\"credit_balance.depleted\","
                + "\"customer\":{\"id\":\"c\"},\"creditCurrency\":{\"id\":\"x\"},\"remainingBalance\":0}")).credit().level());
    }

    @Test
    void unknownTypesNeedOnlyTheirTypeAndMessageId() {
        StiggEvent event = StiggEventParser.parse(Json.read("{\"type\":\"plan.updated\",\"messageId\":\"m-1\",\"id\":\"plan-x\"}"));
        assertEquals(StiggEvent.Kind.UNKNOWN, event.kind());
    }

    @Test
    void everyMissingFieldIsNamed() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> StiggEventParser.parse(Json.read("{\"type\":\"subscription.updated\",\"timestamp\":\"yesterday\"}")));
        assertTrue(e.errors().stream().map(FieldError::field).toList().containsAll(
                java.util.List.of("messageId", "timestamp", "id")), e.errors().toString());
    }
}
