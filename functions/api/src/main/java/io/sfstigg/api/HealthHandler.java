package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import java.util.Map;

/** {@code GET /v1/health}: liveness, no authentication, touches no backing service. */
public final class HealthHandler extends ApiHandler {
    public HealthHandler() {
        super(null);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return Responses.json(200, Map.of("status", "ok"));
    }
}
