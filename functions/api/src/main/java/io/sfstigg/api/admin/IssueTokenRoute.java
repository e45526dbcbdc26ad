package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.validation.Text;

/** {@code POST /v1/admin/tenants/{orgId}/tokens}: another live token for an org (rotation without downtime). */
final class IssueTokenRoute {
    private final Services services;

    IssueTokenRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String orgId = SalesforceId.to18(request.pathParameter("orgId"), SalesforceId.KeyPrefix.ORGANIZATION)
                .orElseThrow(() -> ApiException.notFound("no org '" + Text.quote(request.pathParameter("orgId")) + "'"));
        services.tenants().find(orgId).orElseThrow(() -> ApiException.notFound("no org " + orgId));
        return Responses.json(201, TenantTokens.issue(services.tenants(), orgId, services.clock().instant()));
    }
}
