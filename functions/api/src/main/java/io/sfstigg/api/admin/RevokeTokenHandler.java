package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/** {@code DELETE /v1/admin/tenants/{orgId}/tokens/{tokenId}}: the token stops working at once. */
public final class RevokeTokenHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public RevokeTokenHandler() {
        this(Services.fromEnvironment());
    }

    public RevokeTokenHandler(Services services) {
        frame = HttpFrame.admin(services, new RevokeTokenRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
