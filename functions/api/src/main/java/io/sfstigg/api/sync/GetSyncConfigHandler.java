package io.sfstigg.api.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.HttpFrame;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.Responses;

/** {@code GET /v1/config/salesforce-sync}: the org's sync configuration, its secrets masked. */
public final class GetSyncConfigHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public GetSyncConfigHandler() {
        this(Services.fromEnvironment());
    }

    public GetSyncConfigHandler(Services services) {
        frame = HttpFrame.tenant(services, (request, tenant) -> Responses.json(200, SyncConfigView.of(tenant.tenantId(),
                services.syncConfigs().find(tenant.tenantId()).orElse(null), request.baseUrl())));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
