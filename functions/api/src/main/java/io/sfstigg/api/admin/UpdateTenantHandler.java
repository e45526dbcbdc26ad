package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/**
 * {@code PATCH /v1/admin/tenants/{orgId}}: disables or enables an org, or sets its own limits;
 * only the attributes given are written.
 */
public final class UpdateTenantHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public UpdateTenantHandler() {
        this(Services.fromEnvironment());
    }

    public UpdateTenantHandler(Services services) {
        frame = HttpFrame.admin(services, new UpdateTenantRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
