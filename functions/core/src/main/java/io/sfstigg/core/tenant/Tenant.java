package io.sfstigg.core.tenant;

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
        StiggLimits stiggLimits) {

    /** A tenant with Stigg's documented limits. */
    public Tenant(String tenantId, String name, String salesforceDomain, boolean disabled, Instant createdAt,
            String stiggEnvironmentSlug, String defaultCurrency, String stiggKeySecretId, String maskedKey,
            Instant keyValidatedAt) {
        this(tenantId, name, salesforceDomain, disabled, createdAt, stiggEnvironmentSlug, defaultCurrency,
                stiggKeySecretId, maskedKey, keyValidatedAt, null);
    }

    /** The limits the worker paces this org's Stigg calls to: its own, or Stigg's documented ones. */
    public StiggLimits effectiveLimits() {
        return stiggLimits == null ? StiggLimits.DEFAULTS : stiggLimits;
    }

    public boolean isConfigured() {
        return stiggKeySecretId != null && stiggEnvironmentSlug != null;
    }

    public Tenant withStiggConfiguration(
            String slug, String currency, String secretId, String masked, Instant validatedAt, StiggLimits limits) {
        return new Tenant(tenantId, name, salesforceDomain, disabled, createdAt, slug, currency, secretId, masked,
                validatedAt, limits);
    }
}
