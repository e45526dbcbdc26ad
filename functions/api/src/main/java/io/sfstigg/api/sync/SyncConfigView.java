package io.sfstigg.api.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.sync.FieldMapping;
import io.sfstigg.core.sync.SyncConfig;

/** An org's sync configuration as callers see it: every secret masked. */
final class SyncConfigView {
    private SyncConfigView() {}

    static ObjectNode of(String orgId, SyncConfig config, String baseUrl) {
        FieldMapping mapping = (config == null || config.mapping() == null ? FieldMapping.defaults() : config.mapping())
                .orDefaults();
        ObjectNode view = Json.object().put("orgId", orgId)
                .put("webhookUrl", baseUrl + "/v1/webhooks/stigg/" + orgId)
                .put("webhookSecret", config == null ? null : config.maskedWebhookSecret())
                .put("previousWebhookSecret", config == null ? null : config.maskedPreviousWebhookSecret())
                .put("salesforceInstanceUrl", config == null ? null : config.instanceUrl())
                .put("salesforceClientId", config == null ? null : config.maskedClientId())
                .put("salesforceClientSecret", config == null ? null : config.maskedClientSecret())
                .put("updatedAt", config == null || config.updatedAt() == null ? null : config.updatedAt().toString());
        ObjectNode fields = view.putObject("fieldMapping");
        mapping.opportunity().forEach(fields.putObject("opportunity")::put);
        mapping.account().forEach(fields.putObject("account")::put);
        return view;
    }

    /** {@code ****abcd}: only the last four characters of a long secret. */
    static String mask(String secret) {
        return secret == null ? null : "****" + (secret.length() >= 16 ? secret.substring(secret.length() - 4) : "");
    }
}
