package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.ProvisioningRoute.Parsed;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;

/** {@code POST /v1/subscriptions}: Create Stigg Subscription; the customer is created first when missing. */
public final class CreateSubscriptionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public CreateSubscriptionHandler() {
        this(Services.fromEnvironment());
    }

    public CreateSubscriptionHandler(Services services) {
        frame = ProvisioningRoute.frame(services, (request, body, parser) -> {
            SubscriptionRequest subscription = parser.subscription(body);
            return new Parsed<>(Operation.CREATE_SUBSCRIPTION, subscription, subscription.stiggCustomerId());
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
