package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** {@code GET /v1/links/{salesforceId}}: the Stigg customer and subscriptions of an Account or Opportunity. */
public final class GetLinksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public GetLinksHandler() {
        this(Services.fromEnvironment());
    }

    public GetLinksHandler(Services services) {
        frame = HttpFrame.tenant(services, new GetLinksRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
