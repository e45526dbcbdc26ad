package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.tenant.Tenant;

/** A route a tenant calls with its bearer token. */
public abstract class TenantRoute extends ApiHandler {
    private final Authenticator authenticator;

    protected TenantRoute(Services services) {
        super(services);
        this.authenticator = new Authenticator(services.tenants());
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant);

    @Override
    protected final APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return handle(request, authenticator.tenant(request));
    }
}
