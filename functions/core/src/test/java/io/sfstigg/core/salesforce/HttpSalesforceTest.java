package io.sfstigg.core.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.local.salesforce.SalesforceEmulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Salesforce adapter against the Salesforce emulator over HTTP. */
class HttpSalesforceTest {
    private static final String OPPORTUNITY = "006Dn00000B2c3dIAB";
    private static SalesforceEmulator emulator;
    private static SalesforceCredentials org;
    private HttpSalesforce salesforce;

    @BeforeAll
    static void start() throws Exception {
        emulator = SalesforceEmulator.start(0);
        emulator.addClient("client-id-1", "client-secret-value-1");
        org = new SalesforceCredentials(emulator.instanceUrl(), "client-id-1", "client-secret-value-1");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.reset();
        emulator.addRecord("Opportunity", OPPORTUNITY, Map.of("Name", "Deal"));
        salesforce = new HttpSalesforce(HttpStigg.defaultClient(Duration.ofSeconds(2)), "v62.0");
    }

    @Test
    void oneTokenServesEveryCallOfTheEnvironment() {
        int before = emulator.tokensIssued();
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic"));
        assertEquals(before + 1, emulator.tokensIssued());
        assertEquals("Basic", emulator.record("Opportunity", OPPORTUNITY).get("Stigg_Plan__c"));
    }

    @Test
    void expiredSessionFetchesOneNewTokenAndRepeatsTheCallOnce() {
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        int before = emulator.tokensIssued();
        emulator.expireSessions();
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic"));
        assertEquals(before + 1, emulator.tokensIssued());
        assertEquals(2, emulator.writes().size());
    }

    @Test
    void aSecond401AfterTheRefreshIsNotRetriedInALoop() {
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        int before = emulator.tokensIssued();
        emulator.failNext(2, SalesforceEmulator.Fault.EXPIRED_SESSION);
        SalesforceException e = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic")));
        assertEquals(SalesforceErrorCode.INVALID_SESSION_ID, e.code());
        assertTrue(e.retryable());
        assertEquals(before + 1, emulator.tokensIssued());
    }

    @Test
    void salesforceErrorShapesAreReadWithTheirCodeAndMessage() {
        emulator.failNext(1, SalesforceEmulator.Fault.UNABLE_TO_LOCK_ROW);
        SalesforceException lock = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.UNABLE_TO_LOCK_ROW, lock.code());
        assertTrue(lock.retryable());

        emulator.failNext(1, SalesforceEmulator.Fault.REQUEST_LIMIT_EXCEEDED);
        SalesforceException limit = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(403, limit.httpStatus());
        assertTrue(limit.retryable());

        emulator.failNext(1, SalesforceEmulator.Fault.SERVER_ERROR);
        assertTrue(assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"))).retryable());

        emulator.deleteField("Opportunity", "Stigg_Plan__c");
        SalesforceException field = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        emulator.defineFields("Opportunity", "Stigg_Plan__c");
        assertEquals(SalesforceErrorCode.INVALID_FIELD, field.code());
        assertFalse(field.retryable());
        assertTrue(field.getMessage().contains("No such column 'Stigg_Plan__c' on sobject of type Opportunity"), field.getMessage());

        emulator.deleteRecord("Opportunity", OPPORTUNITY);
        SalesforceException deleted = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.ENTITY_IS_DELETED, deleted.code());
        assertFalse(deleted.retryable());
        assertTrue(emulator.writes().isEmpty());
    }

    @Test
    void refusedClientCredentialsArePermanentAndNeverEchoTheSecret() {
        SalesforceCredentials wrong = new SalesforceCredentials(emulator.instanceUrl(), "client-id-1", "not-the-secret-xyz");
        SalesforceException e = assertThrows(SalesforceException.class,
                () -> salesforce.update(wrong, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.INVALID_CLIENT, e.code());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-xyz"));
        assertFalse(wrong.toString().contains("not-the-secret-xyz"));
    }
}
