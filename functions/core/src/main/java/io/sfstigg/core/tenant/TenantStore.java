package io.sfstigg.core.tenant;

import java.time.Instant;
import java.util.Optional;

/**
 * The tenants table: orgs and their tokens. An org is written whole once, when it is registered;
 * after that each writer changes only the attributes it owns, so that neither undoes the other's.
 */
public interface TenantStore extends TenantReader {
    /** Stores a new tenant; false when the org is registered already. */
    boolean create(Tenant tenant);

    /** Sets the org's Stigg configuration, nothing else; empty (and nothing written) when there is no such org. */
    Optional<Tenant> saveConfiguration(String tenantId, StiggConfiguration configuration, Instant at);

    /** Applies the operator's change, nothing else; empty (and nothing written) when there is no such org. */
    Optional<Tenant> apply(String tenantId, TenantChange change, Instant at);

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
