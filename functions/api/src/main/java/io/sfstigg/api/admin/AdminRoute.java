package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.ApiHandler;
import io.sfstigg.api.Authenticator;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.tenant.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A route only the operator calls, with the admin token the stack keeps in Secrets Manager. */
public abstract class AdminRoute extends ApiHandler {
    protected AdminRoute(Services services) {
        super(services);
    }

    protected abstract APIGatewayV2HTTPResponse handleAdmin(ApiRequest request);

    @Override
    protected final APIGatewayV2HTTPResponse handle(ApiRequest request) {
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
        return handleAdmin(request);
    }
}
