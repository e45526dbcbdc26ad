package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * {@code POST /v1/opportunities/{opportunityId}/cancel}: Closed Lost after Won, or a churn flow;
 * cancels the opportunity's subscription in Stigg, once.
 */
public final class CancelOpportunityHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public CancelOpportunityHandler() {
        this(Services.fromEnvironment());
    }

    public CancelOpportunityHandler(Services services) {
        OpportunityCancellation cancellation = new OpportunityCancellation(services);
        frame = ProvisioningRoute.frame(services, cancellation::parse, cancellation::accept);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
