package io.sfstigg.api.admin;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.api.validation.Text;
import java.util.Map;

/** {@code DELETE /v1/admin/tenants/{orgId}/tokens/{tokenId}}: the token stops working at once. */
final class RevokeTokenRoute {
    private static final Log LOG = Log.of(RevokeTokenRoute.class);

    private final Services services;

    RevokeTokenRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String orgId = SalesforceId.to18(request.pathParameter("orgId"), SalesforceId.KeyPrefix.ORGANIZATION)
                .orElseThrow(() -> ApiException.notFound("no org '" + Text.quote(request.pathParameter("orgId")) + "'"));
        String tokenId = request.pathParameter("tokenId");
        if (!Tokens.isTokenId(tokenId) || !services.tenants().revokeToken(orgId, tokenId, services.clock().instant())) {
            throw ApiException.notFound("org " + orgId + " has no token '" + Text.quote(tokenId) + "'");
        }
        LOG.info("token revoked", kv("tenantId", orgId), kv("tokenId", tokenId));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
    }
}
