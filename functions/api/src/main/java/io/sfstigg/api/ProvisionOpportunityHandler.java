package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * {@code POST /v1/opportunities/{opportunityId}/provision}: the Closed-Won template as one call;
 * the line items become a customer and a subscription, provisioned in that order. For an
 * opportunity provisioned already, the body is its new desired state: an amendment.
 */
public final class ProvisionOpportunityHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public ProvisionOpportunityHandler() {
        this(Services.fromEnvironment());
    }

    public ProvisionOpportunityHandler(Services services) {
        OpportunityProvisioning provisioning = new OpportunityProvisioning(services);
        frame = ProvisioningRoute.frame(services, provisioning::parse, provisioning::accept);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
