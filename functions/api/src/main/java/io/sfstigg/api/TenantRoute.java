package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.tenant.Tenant;

/**
 * A route a tenant calls with its bearer token: the parsed request and the tenant the frame
 * authenticated, to the answer. Handlers pass a route as a lambda or method reference (no class
 * implements this interface), so the call graph drawn from each handler, as IamPoliciesTest draws
 * it, reaches its own route only.
 */
@FunctionalInterface
public interface TenantRoute {
    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant);
}
