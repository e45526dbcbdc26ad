package io.sfstigg.core.tenant;

import java.util.Optional;

/** Finds a presented token and its org: all that authentication reads of the tenants table. */
@FunctionalInterface
public interface TokenLookup {
    /** A token and the tenant it names (null when that tenant is gone). */
    record TokenAndTenant(TenantToken token, Tenant tenant) {}

    /**
     * The token and its tenant. {@code tenantIdHint}, the org the caller says it is, lets a store
     * read both at once; the tenant answered is always the token's own.
     */
    Optional<TokenAndTenant> findTokenAndTenant(String tokenId, String tenantIdHint);
}
