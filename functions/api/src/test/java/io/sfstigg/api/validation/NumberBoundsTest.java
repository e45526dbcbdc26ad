package io.sfstigg.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import java.math.BigDecimal;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberBoundsTest {
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "-1e-3000000, CREDITS", "1e-200000000, MONEY", "-1e-200000000, QUANTITY", "1e+999999999, USAGE_LIMIT",
        "1e-2000, CREDITS", "1e-10000, MONEY", "1e400, PRIORITY", "1000000000000, MONEY", "0.0000001, MONEY",
        "1234567890, QUANTITY", "1.5, ADDON_QUANTITY", "0.00001, QUANTITY", "1e19, METADATA", "1e-11, METADATA",
        "1e9999999999, MONEY", "12345678901234567890123456789012345678901, MONEY"})
    void refusesNumbersBeyondTheirKindAtOnce(String text, NumberBounds kind) {
        long started = System.nanoTime();
        NumberBounds.Result result = kind.parse(text);
        long micros = (System.nanoTime() - started) / 1000;
        assertNull(result.value(), text + " was accepted as " + kind);
        assertTrue(result.refusal().length() < 120, result.refusal());
        assertTrue(micros < 500_000, text + " took " + micros + " µs");
    }

    @ParameterizedTest(name = "{0} as {1} = {2}")
    @CsvSource({
        "999999999999.999999, MONEY, 999999999999.999999", "0.000001, MONEY, 0.000001", "1e-6, CREDITS, 0.000001",
        "1E+11, MONEY, 100000000000", "' 12.50 ', MONEY, 12.5", "100, QUANTITY, 100", "2.0, ADDON_QUANTITY, 2",
        "0e-999999999, MONEY, 0", "-5, QUANTITY, -5", ".5, MONEY, 0.5", "5., MONEY, 5", "+3, PRIORITY, 3",
        "123456789012345678.0123456789, METADATA, 123456789012345678.0123456789"})
    void acceptsNumbersWithinTheirKind(String text, NumberBounds kind, String expected) {
        NumberBounds.Result result = kind.parse(text);
        assertNotNull(result.value(), text + ": " + result.refusal());
        assertEquals(0, new BigDecimal(expected).compareTo(result.value()));
    }

    @Test
    void minimumsHold() {
        assertEquals("must be greater than 0, got 0", NumberBounds.CREDITS.parse("0").refusal());
        assertEquals("must be at least 1, got 0", NumberBounds.ADDON_QUANTITY.parse("0.0").refusal());
        assertEquals("must be at least 0, got -0.5", NumberBounds.MONEY.parse("-0.5").refusal());
        assertEquals("must be a number", NumberBounds.MONEY.parse("ten").refusal());
        assertEquals("must be a number", NumberBounds.MONEY.parse("NaN").refusal());
        assertEquals("must be a number", NumberBounds.MONEY.parse("1e").refusal());
        assertEquals("must be a number", NumberBounds.MONEY.parse(".").refusal());
    }

    /**
     * Any numeric text at all (digits, fraction, exponent across the whole int range): refused
     * quickly, or accepted as a number whose plain form is short, and which the shared reader
     * reads back equal after the writer wrote it (what the status route and the worker do).
     */
    @Property(tries = 2000)
    void anyNumberIsRefusedOrReadBackEqual(@ForAll("numericTexts") String text, @ForAll NumberBounds kind) {
        long started = System.nanoTime();
        NumberBounds.Result result = kind.parse(text);
        assertTrue(System.nanoTime() - started < 500_000_000L, text);
        if (result.value() == null) {
            return;
        }
        String plain = result.value().toPlainString();
        assertTrue(plain.length() <= 2 + kind.integerDigits() + kind.scale() + 1, plain);
        String written = Json.write(Map.of("n", result.value()));
        BigDecimal read = Json.read(written).get("n").decimalValue();
        assertEquals(0, result.value().compareTo(read), written);
    }

    @Provide
    Arbitrary<String> numericTexts() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25);
        Arbitrary<Integer> exponents = Arbitraries.oneOf(Arbitraries.integers().between(-30, 30), Arbitraries.integers());
        return Combinators.combine(Arbitraries.of("", "-", "+"), digits, digits, exponents, Arbitraries.of(0, 1, 2, 3))
                .as((sign, whole, fraction, exponent, shape) -> switch (shape) {
                    case 0 -> sign + whole;
                    case 1 -> sign + whole + "." + fraction;
                    case 2 -> sign + whole + "e" + exponent;
                    default -> sign + whole + "." + fraction + "E" + exponent;
                });
    }
}
