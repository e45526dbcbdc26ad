package io.sfstigg.api.sync;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.TenantRoute;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.tenant.Tenant;

/** {@code GET /v1/config/salesforce-sync}: the org's sync configuration, its secrets masked. */
public final class GetSyncConfigHandler extends TenantRoute {
    public GetSyncConfigHandler() {
        this(Services.fromEnvironment());
    }

    public GetSyncConfigHandler(Services services) {
        super(services);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        return Responses.json(200, SyncConfigView.of(tenant.tenantId(),
                services.syncConfigs().find(tenant.tenantId()).orElse(null), request.baseUrl()));
    }
}
