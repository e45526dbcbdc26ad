package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * {@code GET /v1/opportunities/{opportunityId}}: the opportunity's subscription (id and URL), the
 * last applied revision, the requests still pending, and every request made for it.
 */
public final class GetOpportunityHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public GetOpportunityHandler() {
        this(Services.fromEnvironment());
    }

    public GetOpportunityHandler(Services services) {
        frame = HttpFrame.tenant(services, new GetOpportunityRoute(services)::handle);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
