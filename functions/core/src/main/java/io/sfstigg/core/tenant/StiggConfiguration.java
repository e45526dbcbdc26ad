package io.sfstigg.core.tenant;

import java.time.Instant;

/**
 * What {@code PUT /v1/config} sets on an org, all of it at once: the Stigg environment, the
 * default currency, the key's secret id and masked form, when the key was checked, and the
 * org's Stigg limits (null: Stigg's documented ones). Null currency or limits remove them.
 */
public record StiggConfiguration(
        String environmentSlug,
        String defaultCurrency,
        String keySecretId,
        String maskedKey,
        Instant keyValidatedAt,
        StiggLimits limits) {}
