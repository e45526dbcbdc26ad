package io.sfstigg.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {
    @ParameterizedTest
    @ValueSource(ints = {0x0, 0x1, 0x8, 0xb, 0xc, 0x1b, 0x1f, 0x7f, 0x85, 0x9f, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfdd0,
        0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x10fffe, 0x10ffff})
    void refusesWhatTheStoresCannotCarry(int codePoint) {
        String text = "Acme " + new String(Character.toChars(codePoint)) + " Inc";
        assertEquals(5, Text.firstUnstorable(text));
        assertNotNull(Text.characterProblem(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x9, 0xa, 0xd, 0x20, 0x7e, 0xa0, 0xe9, 0x4e2d, 0xd7ff, 0xe000, 0xfdcf, 0xfdf0, 0xfffd, 0x10000,
        0x1f600, 0x10fffd})
    void acceptsEverythingElse(int codePoint) {
        assertNull(Text.characterProblem("Acme " + new String(Character.toChars(codePoint))));
    }

    @Test
    void aLoneSurrogateInAJsonEscapeIsNamedByItsField() {
        List<FieldError> errors = new ArrayList<>();
        Fields.of(Json.read("{\"name\":\"a\\ud800b\",\"metadata\":{\"k\\uffff\":\"v\",\"ok\":\"\\ud83d\\ude00\"},"
                + "\"lineItems\":[{\"productName\":\"\\u0007\"}]}"), errors);
        assertEquals(List.of("name", "metadata.k\\uffff", "lineItems[0].productName"),
                errors.stream().map(FieldError::field).toList());
    }

    @Test
    void quotesAShortEscapedExcerpt() {
        assertEquals("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e", Text.quote("<script>alert(1)</script>"));
        String quoted = Text.quote("x".repeat(100_000));
        assertEquals(Text.EXCERPT + 3, quoted.length());
        assertEquals("a\\uffffb\\ud800", Text.quote("a\uffffb\ud800"));
    }

    @Property(tries = 1000)
    void everyCharacterIsEitherStorableOrNamed(@ForAll String text) {
        String problem = Text.characterProblem(text);
        int at = Text.firstUnstorable(text);
        assertEquals(at < 0, problem == null);
        String quoted = Text.quote(text);
        assertTrue(quoted.length() <= Text.EXCERPT * 6 + 3);
        assertFalse(quoted.chars().anyMatch(c -> c < 0x20 || c > 0x7e || c == '<' || c == '>'), quoted);
    }
}
