package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;

/** A route the frame does not authenticate; passed as a lambda or method reference, as {@link TenantRoute} says. */
@FunctionalInterface
public interface PublicRoute {
    APIGatewayV2HTTPResponse handle(ApiRequest request);
}
