package io.sfstigg.core.tenant;

import java.util.Optional;

/** Reads orgs: all the worker needs of the tenants table. */
@FunctionalInterface
public interface TenantReader {
    Optional<Tenant> find(String tenantId);
}
