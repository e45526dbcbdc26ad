package io.sfstigg.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The one reader of API bodies, ledger items and queue messages. */
class JsonReaderTest {
    @Test
    void refusesDuplicateKeys() {
        assertThrows(UncheckedIOException.class, () -> Json.read("{\"a\":\"A\",\"a\":\"B\"}"));
    }

    @Test
    void refusesTrailingContent() {
        assertThrows(UncheckedIOException.class, () -> Json.read("{\"a\":1} {\"x\":1}"));
        assertThrows(UncheckedIOException.class, () -> Json.read("{\"a\":1}]"));
    }

    @Test
    void refusesLongNumberLiteralsAndDeepNesting() {
        assertThrows(UncheckedIOException.class, () -> Json.read("{\"a\":1" + "0".repeat(200) + "}"));
        assertThrows(UncheckedIOException.class, () -> Json.read("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void readsFractionsExactly() {
        BigDecimal read = Json.read("{\"a\":0.1000000000000000055511151231257827}").get("a").decimalValue();
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"), read);
        assertTrue(Json.read("{\"a\":12}").get("a").isIntegralNumber());
    }
}
