package io.sfstigg.api;

import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TokenLookup;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.api.validation.Text;
import java.util.Locale;
import java.util.Optional;

/** Resolves {@code Authorization: Bearer <token>} to the tenant it belongs to. */
public final class Authenticator {
    private final TokenLookup tenants;

    public Authenticator(TokenLookup tenants) {
        this.tenants = tenants;
    }

    /** The bearer token of the request, or 401. */
    public static String bearer(ApiRequest request) {
        String header = request.header("authorization")
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <token>"));
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ") || header.substring(7).isBlank()) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return header.substring(7).trim();
    }

    /**
     * The token's tenant, read with the token in one call when the request names its org
     * ({@code X-Salesforce-Org-Id}, as the Named Credential sends it): 401 for a missing, malformed, unknown or revoked token; 403 for a disabled
     * tenant or an {@code X-Salesforce-Org-Id} that is not the token's org.
     */
    public Tenant tenant(ApiRequest request) {
        Tokens.Presented presented = Tokens.parse(bearer(request))
                .orElseThrow(() -> ApiException.unauthorized("the bearer token is not a tenant token"));
        String claimedOrg = request.header("x-salesforce-org-id").flatMap(SalesforceId::to18).orElse(null);
        Optional<TokenLookup.TokenAndTenant> stored = tenants.findTokenAndTenant(presented.tokenId(), claimedOrg);
        if (stored.isEmpty() || !Tokens.matches(presented.secret(), stored.get().token().secretHash())) {
            throw ApiException.unauthorized("the bearer token is not valid");
        }
        if (stored.get().token().isRevoked()) {
            throw ApiException.unauthorized("the bearer token has been revoked");
        }
        Tenant tenant = Optional.ofNullable(stored.get().tenant())
                .orElseThrow(() -> ApiException.unauthorized("the bearer token is not valid"));
        if (tenant.disabled()) {
            throw ApiException.forbidden("tenant-disabled", "the org " + tenant.tenantId() + " is disabled");
        }
        request.header("x-salesforce-org-id").ifPresent(orgId -> {
            String normalised = SalesforceId.to18(orgId).orElse(orgId);
            if (!normalised.equalsIgnoreCase(tenant.tenantId())) {
                throw ApiException.forbidden("org-mismatch", "X-Salesforce-Org-Id '" + Text.quote(orgId)
                        + "' is not the org this token belongs to (" + tenant.tenantId()
                        + "); a sandbox refreshed from production needs its own token");
            }
        });
        return tenant;
    }
}
