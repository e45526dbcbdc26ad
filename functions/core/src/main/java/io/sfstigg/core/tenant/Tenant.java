package io.sfstigg.core.tenant;

import io.sfstigg.core.fairness.OrgLimits;
import java.time.Instant;

/**
 * One Salesforce org (production or sandbox) and its Stigg configuration. The Stigg key itself
 * lives in Secrets Manager; the tenant keeps the secret's id and a masked form for display.
 */
public record Tenant(
        String tenantId,
        String name,
        String salesforceDomain,
        boolean disabled,
        Instant createdAt,
        String stiggEnvironmentSlug,
        String defaultCurrency,
        String stiggKeySecretId,
        String maskedKey,
        Instant keyValidatedAt,
        OrgLimits limits) {

    /** A tenant with the stack's default limits. */
    public Tenant(String tenantId, String name, String salesforceDomain, boolean disabled, Instant createdAt,
            String stiggEnvironmentSlug, String defaultCurrency, String stiggKeySecretId, String maskedKey,
            Instant keyValidatedAt) {
        this(tenantId, name, salesforceDomain, disabled, createdAt, stiggEnvironmentSlug, defaultCurrency,
                stiggKeySecretId, maskedKey, keyValidatedAt, new OrgLimits(null, null));
    }

    public boolean isConfigured() {
        return stiggKeySecretId != null && stiggEnvironmentSlug != null;
    }

    public Tenant withStiggConfiguration(
            String slug, String currency, String secretId, String masked, Instant validatedAt) {
        return new Tenant(tenantId, name, salesforceDomain, disabled, createdAt, slug, currency, secretId, masked,
                validatedAt, limits);
    }

    public Tenant withLimits(OrgLimits newLimits) {
        return new Tenant(tenantId, name, salesforceDomain, disabled, createdAt, stiggEnvironmentSlug, defaultCurrency,
                stiggKeySecretId, maskedKey, keyValidatedAt, newLimits);
    }
}
