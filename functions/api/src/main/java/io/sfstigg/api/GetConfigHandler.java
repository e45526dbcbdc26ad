package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.tenant.Tenant;

/** {@code GET /v1/config}: the org's Stigg configuration, the key masked. */
public final class GetConfigHandler extends TenantRoute {
    public GetConfigHandler() {
        this(Services.fromEnvironment());
    }

    public GetConfigHandler(Services services) {
        super(services);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        return Responses.json(200, ConfigView.of(tenant));
    }
}
