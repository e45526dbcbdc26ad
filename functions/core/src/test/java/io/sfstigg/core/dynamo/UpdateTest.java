package io.sfstigg.core.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Update expressions name only the attributes given, each through a placeholder. */
class UpdateTest {
    @Test
    void setsGivenValuesAndRemovesNullOnes() {
        Update update = new Update()
                .setOrRemove("name", "Acme")
                .setOrRemove("defaultCurrency", (String) null)
                .setOrRemove("limit", 30)
                .setOrRemove("validatedAt", Instant.parse("2026-01-02T03:04:05Z"))
                .set("disabled", true);

        assertEquals("SET #a0 = :v0, #a2 = :v1, #a3 = :v2, #a4 = :v3 REMOVE #a1", update.expression());
        assertEquals(Map.of("#a0", "name", "#a1", "defaultCurrency", "#a2", "limit", "#a3", "validatedAt",
                "#a4", "disabled"), update.names());
        assertEquals(Map.of(":v0", AttributeValue.fromS("Acme"), ":v1", AttributeValue.fromN("30"),
                ":v2", AttributeValue.fromS("2026-01-02T03:04:05Z"), ":v3", AttributeValue.fromBool(true)),
                update.values());
    }

    @Test
    void removalsAloneMakeARemoveClause() {
        Update update = new Update().setOrRemove("a", (Integer) null).setOrRemove("b", (Instant) null);

        assertEquals("REMOVE #a0, #a1", update.expression());
        assertEquals(Map.of(), update.values());
    }

    @Test
    void incrementCountsFromZeroWhenTheAttributeIsMissing() {
        Update update = new Update().increment("version");

        assertEquals("SET #a0 = if_not_exists(#a0, :v0) + :v1", update.expression());
        assertEquals(Map.of(":v0", AttributeValue.fromN("0"), ":v1", AttributeValue.fromN("1")), update.values());
    }

    @Test
    void refusesAnEmptyUpdateAndAnAttributeNamedTwice() {
        assertThrows(IllegalStateException.class, () -> new Update().expression());
        assertThrows(IllegalArgumentException.class, () -> new Update().set("disabled", true).set("disabled", false));
    }
}
