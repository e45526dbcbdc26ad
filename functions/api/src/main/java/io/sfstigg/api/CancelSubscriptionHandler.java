package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * {@code POST /v1/subscriptions/{subscriptionId}/cancel}: cancels a subscription this org
 * provisioned through the integration; one that came from an opportunity is that opportunity's
 * one cancellation.
 */
public final class CancelSubscriptionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public CancelSubscriptionHandler() {
        this(Services.fromEnvironment());
    }

    public CancelSubscriptionHandler(Services services) {
        SubscriptionCancellation cancellation = new SubscriptionCancellation(services);
        frame = ProvisioningRoute.frame(services, cancellation::parse, cancellation::accept);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
