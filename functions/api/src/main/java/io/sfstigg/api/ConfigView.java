package io.sfstigg.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.tenant.Tenant;

/** The org's configuration as callers see it: the Stigg key only masked. */
final class ConfigView {
    private ConfigView() {}

    static ObjectNode of(Tenant tenant) {
        return Json.object()
                .put("orgId", tenant.tenantId())
                .put("name", tenant.name())
                .put("salesforceDomain", tenant.salesforceDomain())
                .put("configured", tenant.isConfigured())
                .put("stiggEnvironmentSlug", tenant.stiggEnvironmentSlug())
                .put("defaultCurrency", tenant.defaultCurrency())
                .put("stiggApiKey", tenant.maskedKey())
                .put("keyValidatedAt", tenant.keyValidatedAt() == null ? null : tenant.keyValidatedAt().toString())
                .put("stiggOperationLimitPerMinute", tenant.effectiveLimits().perOperationPerMinute())
                .put("stiggCustomerLimitPerMinute", tenant.effectiveLimits().perCustomerPerMinute());
    }

    /** {@code server-****abcd}: the key's kind and last four characters. */
    static String mask(String key) {
        int dash = key.indexOf('-');
        String prefix = dash > 0 && dash < 12 ? key.substring(0, dash + 1) : "";
        String last = key.length() > 12 ? key.substring(key.length() - 4) : "";
        return prefix + "****" + last;
    }
}
