package io.sfstigg.api.admin;

import io.sfstigg.api.Authenticator;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.auth.Tokens;

/** Admits the operator's calls: the bearer token must be the admin token the stack keeps in Secrets Manager. */
public final class AdminAuthenticator {
    private final Services services;

    public AdminAuthenticator(Services services) {
        this.services = services;
    }

    /** Returns when the request carries the admin token; else 403 for a tenant token, 401 for anything else. */
    public void authenticate(ApiRequest request) {
        String presented = Authenticator.bearer(request);
        String adminToken = services.secrets().read(services.config().adminTokenSecretId());
        if (!Tokens.matches(presented, Tokens.hash(adminToken.trim()))) {
            if (Tokens.parse(presented).isPresent()) {
                throw ApiException.forbidden("admin-only", "this route needs the admin token, not a tenant token");
            }
            throw ApiException.unauthorized("the bearer token is not the admin token");
        }
    }
}
