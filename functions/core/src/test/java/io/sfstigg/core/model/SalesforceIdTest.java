package io.sfstigg.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SalesforceIdTest {
    @Test
    void extendsFifteenCharacterIdsWithTheirChecksum() {
        assertEquals("001Dn00000A1b2cIAB", SalesforceId.to18("001Dn00000A1b2c").orElseThrow());
        assertEquals("0015g00000XyZabAAF", SalesforceId.to18("0015g00000XyZab").orElseThrow());
    }

    @Test
    void keepsAValidEighteenCharacterIdAndAcceptsItsSuffixInAnyCase() {
        assertEquals("001Dn00000A1b2cIAB", SalesforceId.to18("001Dn00000A1b2cIAB").orElseThrow());
        assertEquals("001Dn00000A1b2cIAB", SalesforceId.to18("001Dn00000A1b2ciab").orElseThrow());
    }

    @Test
    void rejectsWrongLengthsCharactersAndChecksums() {
        assertTrue(SalesforceId.to18("001Dn00000A1b2").isEmpty());
        assertTrue(SalesforceId.to18("001Dn00000A1b2c-AB").isEmpty());
        assertTrue(SalesforceId.to18("001Dn00000A1b2cZZZ").isEmpty());
        assertTrue(SalesforceId.to18(null).isEmpty());
    }
}
