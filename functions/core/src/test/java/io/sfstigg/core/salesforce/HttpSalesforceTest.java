package io.sfstigg.core.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.testing.EmulatorPerClass;
import io.sfstigg.local.salesforce.SalesforceEmulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Salesforce adapter against the Salesforce emulator over HTTP. */
class HttpSalesforceTest {
    private static final String OPPORTUNITY = "006Dn00000B2c3dIAB";
    @RegisterExtension
    static final EmulatorPerClass<SalesforceEmulator> SALESFORCE = new EmulatorPerClass<>(() -> {
        SalesforceEmulator emulator = SalesforceEmulator.start(0);
        emulator.addClient("client-id-1", "client-secret-value-1");
        return emulator;
    }, emulator -> {
        emulator.reset();
        emulator.addRecord("Opportunity", OPPORTUNITY, Map.of("Name", "Deal"));
    });
    private static SalesforceCredentials org;
    private HttpSalesforce salesforce;

    @BeforeAll
    static void credentials() {
        org = new SalesforceCredentials(SALESFORCE.get().instanceUrl(), "client-id-1", "client-secret-value-1");
    }

    @BeforeEach
    void client() {
        salesforce = new HttpSalesforce(HttpStigg.defaultClient(Duration.ofSeconds(2)), "v62.0");
    }

    @Test
    void oneTokenServesEveryCallOfTheEnvironment() {
        int before = SALESFORCE.get().tokensIssued();
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic"));
        assertEquals(before + 1, SALESFORCE.get().tokensIssued());
        assertEquals("Basic", SALESFORCE.get().record("Opportunity", OPPORTUNITY).get("Stigg_Plan__c"));
    }

    @Test
    void expiredSessionFetchesOneNewTokenAndRepeatsTheCallOnce() {
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        int before = SALESFORCE.get().tokensIssued();
        SALESFORCE.get().expireSessions();
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic"));
        assertEquals(before + 1, SALESFORCE.get().tokensIssued());
        assertEquals(2, SALESFORCE.get().writes().size());
    }

    @Test
    void aSecond401AfterTheRefreshIsNotRetriedInALoop() {
        salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"));
        int before = SALESFORCE.get().tokensIssued();
        SALESFORCE.get().failNext(2, SalesforceEmulator.Fault.EXPIRED_SESSION);
        SalesforceException e = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Basic")));
        assertEquals(SalesforceErrorCode.INVALID_SESSION_ID, e.code());
        assertTrue(e.retryable());
        assertEquals(before + 1, SALESFORCE.get().tokensIssued());
    }

    @Test
    void salesforceErrorShapesAreReadWithTheirCodeAndMessage() {
        SALESFORCE.get().failNext(1, SalesforceEmulator.Fault.UNABLE_TO_LOCK_ROW);
        SalesforceException lock = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.UNABLE_TO_LOCK_ROW, lock.code());
        assertTrue(lock.retryable());

        SALESFORCE.get().failNext(1, SalesforceEmulator.Fault.REQUEST_LIMIT_EXCEEDED);
        SalesforceException limit = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(403, limit.httpStatus());
        assertTrue(limit.retryable());

        SALESFORCE.get().failNext(1, SalesforceEmulator.Fault.SERVER_ERROR);
        assertTrue(assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro"))).retryable());

        SALESFORCE.get().deleteField("Opportunity", "Stigg_Plan__c");
        SalesforceException field = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        SALESFORCE.get().defineFields("Opportunity", "Stigg_Plan__c");
        assertEquals(SalesforceErrorCode.INVALID_FIELD, field.code());
        assertFalse(field.retryable());
        assertTrue(field.getMessage().contains("No such column 'Stigg_Plan__c' on sobject of type Opportunity"), field.getMessage());

        SALESFORCE.get().deleteRecord("Opportunity", OPPORTUNITY);
        SalesforceException deleted = assertThrows(SalesforceException.class,
                () -> salesforce.update(org, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.ENTITY_IS_DELETED, deleted.code());
        assertFalse(deleted.retryable());
        assertTrue(SALESFORCE.get().writes().isEmpty());
    }

    @Test
    void refusedClientCredentialsArePermanentAndNeverEchoTheSecret() {
        SalesforceCredentials wrong = new SalesforceCredentials(SALESFORCE.get().instanceUrl(), "client-id-1", "not-the-secret-xyz");
        SalesforceException e = assertThrows(SalesforceException.class,
                () -> salesforce.update(wrong, "Opportunity", OPPORTUNITY, Map.of("Stigg_Plan__c", "Pro")));
        assertEquals(SalesforceErrorCode.INVALID_CLIENT, e.code());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-xyz"));
        assertFalse(wrong.toString().contains("not-the-secret-xyz"));
    }
}
