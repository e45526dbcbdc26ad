package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;

/**
 * A route only the operator calls: the frame has checked the admin token. Passed as a lambda or
 * method reference, as {@link io.sfstigg.api.TenantRoute} says.
 */
@FunctionalInterface
public interface AdminRoute {
    APIGatewayV2HTTPResponse handle(ApiRequest request);
}
