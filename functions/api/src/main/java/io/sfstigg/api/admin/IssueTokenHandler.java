package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/** {@code POST /v1/admin/tenants/{orgId}/tokens}: another live token for an org (rotation without downtime). */
public final class IssueTokenHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public IssueTokenHandler() {
        this(Services.fromEnvironment());
    }

    public IssueTokenHandler(Services services) {
        frame = HttpFrame.admin(services, new IssueTokenRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
