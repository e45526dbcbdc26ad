package io.sfstigg.api.admin;

import io.sfstigg.api.Authenticator;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.tenant.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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
        boolean matches = MessageDigest.isEqual(
                Json.sha256Hex(presented).getBytes(StandardCharsets.US_ASCII),
                Json.sha256Hex(adminToken.trim()).getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            if (Tokens.parse(presented).isPresent()) {
                throw ApiException.forbidden("admin-only", "this route needs the admin token, not a tenant token");
            }
            throw ApiException.unauthorized("the bearer token is not the admin token");
        }
    }
}
