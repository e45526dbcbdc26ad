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

    /** A token and the tenant it names (null when that tenant is gone). */
    record TokenAndTenant(TenantToken token, Tenant tenant) {}

    /**
     * The token and its tenant. {@code tenantIdHint}, the org the caller says it is, lets a store
     * read both at once; the tenant answered is always the token's own.
     */
    default Optional<TokenAndTenant> findTokenAndTenant(String tokenId, String tenantIdHint) {
        return findToken(tokenId).map(token -> new TokenAndTenant(token, find(token.tenantId()).orElse(null)));
    }

    void saveToken(TenantToken token);

    /** Marks the token revoked; false when the tenant has no such token. */
    boolean revokeToken(String tenantId, String tokenId, Instant at);
}
