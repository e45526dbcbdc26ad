package io.sfstigg.core.tenant;

import java.time.Instant;
import java.util.Optional;

/** The tenants table: orgs and their tokens. */
public interface TenantStore {
    Optional<Tenant> find(String tenantId);

    /** Stores a new tenant; false when the org is registered already. */
    boolean create(Tenant tenant);

    void save(Tenant tenant);

    Optional<TenantToken> findToken(String tokenId);

    void saveToken(TenantToken token);

    /** Marks the token revoked; false when the tenant has no such token. */
    boolean revokeToken(String tenantId, String tokenId, Instant at);
}
