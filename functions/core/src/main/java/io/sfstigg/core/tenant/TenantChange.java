package io.sfstigg.core.tenant;

/**
 * What the operator changes on an org with the admin route: whether it is disabled and its own
 * request limits. A null component leaves that attribute as it is.
 */
public record TenantChange(Boolean disabled, Integer requestsPerSecond, Integer maxConcurrentWaits) {}
