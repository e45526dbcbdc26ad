package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.FieldError;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.model.ValidationException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.validation.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PATCH /v1/admin/tenants/{orgId}}: disables an org (every call with its tokens is then
 * refused with 403, nothing is queued) or enables it again, e.g. for a deleted sandbox.
 */
public final class UpdateTenantHandler extends AdminRoute {
    private static final Log LOG = Log.of(UpdateTenantHandler.class);

    public UpdateTenantHandler() {
        this(Services.shared());
    }

    public UpdateTenantHandler(Services services) {
        super(services);
    }

    @Override
    protected APIGatewayV2HTTPResponse handleAdmin(ApiRequest request) {
        String orgId = SalesforceId.to18(request.pathParameter("orgId"))
                .orElseThrow(() -> ApiException.notFound("no org " + request.pathParameter("orgId")));
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(request.jsonBody(), errors);
        f.rejectUnknown("disabled");
        Boolean disabled = f.bool("disabled");
        if (disabled == null && errors.isEmpty()) {
            f.error("disabled", "is required: true to disable the org, false to enable it");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Tenant tenant = services.tenants().find(orgId).orElseThrow(() -> ApiException.notFound("no org " + orgId));
        Tenant updated = new Tenant(tenant.tenantId(), tenant.name(), tenant.salesforceDomain(), disabled,
                tenant.createdAt(), tenant.stiggEnvironmentSlug(), tenant.defaultCurrency(), tenant.stiggKeySecretId(),
                tenant.maskedKey(), tenant.keyValidatedAt(), tenant.stiggLimits());
        services.tenants().save(updated);
        LOG.info(disabled ? "org disabled" : "org enabled", "tenantId", orgId);
        return Responses.json(200, Json.object()
                .put("orgId", orgId)
                .put("name", updated.name())
                .put("salesforceDomain", updated.salesforceDomain())
                .put("disabled", updated.disabled())
                .put("configured", updated.isConfigured()));
    }
}
