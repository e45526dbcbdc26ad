package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/** {@code POST /v1/admin/tenants}: registers a Salesforce org and returns its first token. */
public final class RegisterTenantHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public RegisterTenantHandler() {
        this(Services.fromEnvironment());
    }

    public RegisterTenantHandler(Services services) {
        frame = HttpFrame.admin(services, new RegisterTenantRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
