package io.sfstigg.core.tenant;

import io.sfstigg.core.fairness.OrgLimits;
import java.time.Instant;

/**
 * One Salesforce org (production or sandbox) and its Stigg configuration. The Stigg key itself
 * lives in Secrets Manager; the tenant keeps the secret's id and a masked form for display.
 * {@code limits} bound what the org may ask of this API; {@code stiggLimits} pace its Stigg calls.
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
        OrgLimits limits,
        StiggLimits stiggLimits) {

    /** A tenant with the stack's default request limits and Stigg's documented limits. */
    public Tenant(String tenantId, String name, String salesforceDomain, boolean disabled, Instant createdAt,
            String stiggEnvironmentSlug, String defaultCurrency, String stiggKeySecretId, String maskedKey,
            Instant keyValidatedAt) {
        this(tenantId, name, salesforceDomain, disabled, createdAt, stiggEnvironmentSlug, defaultCurrency,
                stiggKeySecretId, maskedKey, keyValidatedAt, new OrgLimits(null, null), null);
    }

    /** The limits the worker paces this org's Stigg calls to: its own, or Stigg's documented ones. */
    public StiggLimits effectiveLimits() {
        return stiggLimits == null ? StiggLimits.DEFAULTS : stiggLimits;
    }

    public boolean isConfigured() {
        return stiggKeySecretId != null && stiggEnvironmentSlug != null;
    }
}
