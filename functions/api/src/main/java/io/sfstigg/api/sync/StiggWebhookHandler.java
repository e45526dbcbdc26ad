package io.sfstigg.api.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/**
 * {@code POST /v1/webhooks/stigg/{orgId}}: Stigg's webhook for one org, authenticated by the org's
 * webhook secret (not a bearer token). Not a Flow action: openapi.yaml leaves it out.
 */
public final class StiggWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public StiggWebhookHandler() {
        this(Services.fromEnvironment());
    }

    public StiggWebhookHandler(Services services) {
        frame = HttpFrame.open(services, new StiggWebhookRoute(services)::handle, () -> {
            services.secrets();
            services.syncConfigs();
            services.queue();
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
