package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.tenant.Tenant;

/** {@code GET /v1/requests/{requestId}}: one request's status; another org's request is not found. */
public final class GetRequestHandler extends TenantRoute {
    public GetRequestHandler() {
        this(Services.shared());
    }

    public GetRequestHandler(Services services) {
        super(services);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        String requestId = request.pathParameter("requestId");
        RequestRecord record = services.ledger().find(requestId)
                .filter(r -> r.tenantId().equals(tenant.tenantId()))
                .orElseThrow(() -> ApiException.notFound("no request " + requestId + " for this org"));
        return Responses.json(200, RequestView.of(record, tenant, services.links(), request.baseUrl()));
    }
}
