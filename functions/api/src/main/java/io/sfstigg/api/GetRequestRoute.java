package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.Text;
import java.util.regex.Pattern;

/** {@code GET /v1/requests/{requestId}}: one request's status; another org's request is not found. */
final class GetRequestRoute {
    /** The form {@code RequestIntake.requestId} gives ids; anything else is not looked up. */
    static final Pattern REQUEST_ID = Pattern.compile("req_[0-9a-f]{32}");

    private final Services services;

    GetRequestRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        String requestId = request.pathParameter("requestId");
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw ApiException.notFound("'" + Text.quote(requestId) + "' is not a request id (req_ and 32 hex digits)");
        }
        RequestRecord record = services.ledger().find(requestId)
                .filter(r -> r.tenantId().equals(tenant.tenantId()))
                .orElseThrow(() -> ApiException.notFound("no request " + requestId + " for this org"));
        return Responses.json(200, RequestView.of(record, tenant, services.links(), request.baseUrl()));
    }
}
