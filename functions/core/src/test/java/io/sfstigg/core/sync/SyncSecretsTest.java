package io.sfstigg.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The webhook secret check: the current and the previous secret, nothing else. */
class SyncSecretsTest {
    @Test
    void currentAndPreviousWebhookSecretsAreAcceptedAndNothingElse() {
        SyncSecrets secrets = new SyncSecrets("whsec-current-0123456789", "whsec-previous-0123456789", "id", "secret");
        assertTrue(secrets.acceptsWebhookSecret("whsec-current-0123456789"));
        assertTrue(secrets.acceptsWebhookSecret("whsec-previous-0123456789"));
        assertFalse(secrets.acceptsWebhookSecret("whsec-current-012345678"));
        assertFalse(secrets.acceptsWebhookSecret(null));
        assertFalse(secrets.acceptsWebhookSecret(""));
        SyncSecrets retired = new SyncSecrets("whsec-current-0123456789", null, "id", "secret");
        assertFalse(retired.acceptsWebhookSecret("whsec-previous-0123456789"));
        assertEquals(retired, SyncSecrets.parse(retired.toJson()));
        assertFalse(retired.toString().contains("whsec"));
    }
}
