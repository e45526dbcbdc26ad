package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.Responses;

/** {@code GET /v1/config}: the org's Stigg configuration, the key masked. */
public final class GetConfigHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public GetConfigHandler() {
        this(Services.fromEnvironment());
    }

    public GetConfigHandler(Services services) {
        frame = HttpFrame.tenant(services, (request, tenant) -> Responses.json(200, ConfigView.of(tenant)));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
