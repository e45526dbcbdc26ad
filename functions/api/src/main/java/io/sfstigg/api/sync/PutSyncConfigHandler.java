package io.sfstigg.api.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;

/**
 * {@code PUT /v1/config/salesforce-sync}: the org's Stigg → Salesforce sync; secrets are written
 * to Secrets Manager and never returned.
 */
public final class PutSyncConfigHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public PutSyncConfigHandler() {
        this(Services.fromEnvironment());
    }

    public PutSyncConfigHandler(Services services) {
        frame = HttpFrame.tenant(services, new PutSyncConfigRoute(services)::handle, () -> {
            services.secrets();
            services.syncConfigs();
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
