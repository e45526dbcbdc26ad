package io.sfstigg.core.sync;

import java.time.Instant;

/**
 * An org's Stigg → Salesforce sync: where its secrets are (one Secrets Manager secret holding
 * the webhook secrets and the Salesforce client credentials), their masked forms, the org's My
 * Domain URL and its field mapping. {@code updatedAt} versions the secret for the caches.
 */
public record SyncConfig(
        String tenantId,
        String secretId,
        Instant updatedAt,
        String instanceUrl,
        String maskedWebhookSecret,
        String maskedPreviousWebhookSecret,
        String maskedClientId,
        String maskedClientSecret,
        FieldMapping mapping) {

    public boolean canReceiveWebhooks() {
        return secretId != null && maskedWebhookSecret != null;
    }

    public boolean canWriteSalesforce() {
        return secretId != null && instanceUrl != null && maskedClientId != null && maskedClientSecret != null;
    }
}
