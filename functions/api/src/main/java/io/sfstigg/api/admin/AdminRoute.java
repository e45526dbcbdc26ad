package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.ApiHandler;
import io.sfstigg.api.Authenticator;
import io.sfstigg.api.Services;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;

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
        if (!Tokens.matches(presented, Tokens.hash(adminToken.trim()))) {
            if (Tokens.parse(presented).isPresent()) {
                throw ApiException.forbidden("admin-only", "this route needs the admin token, not a tenant token");
            }
            throw ApiException.unauthorized("the bearer token is not the admin token");
        }
        return handleAdmin(request);
    }
}
