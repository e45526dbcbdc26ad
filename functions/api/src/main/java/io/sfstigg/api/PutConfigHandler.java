package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * {@code PUT /v1/config}: the seed's "Stigg Configuration" tab; the key is tried against Stigg
 * before anything is saved.
 */
public final class PutConfigHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public PutConfigHandler() {
        this(Services.fromEnvironment());
    }

    public PutConfigHandler(Services services) {
        frame = HttpFrame.tenant(services, new PutConfigRoute(services)::handle, () -> {
            services.secrets();
            services.stigg();
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
