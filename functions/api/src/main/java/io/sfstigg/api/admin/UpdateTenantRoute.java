package io.sfstigg.api.admin;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TenantChange;
import io.sfstigg.api.validation.Fields;
import io.sfstigg.api.validation.NumberBounds;
import io.sfstigg.api.validation.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PATCH /v1/admin/tenants/{orgId}}: disables an org (every call with its tokens is then
 * refused with 403, nothing is queued) or enables it again, e.g. for a deleted sandbox; sets the
 * org's own limits ({@code requestsPerSecond}, {@code maxConcurrentWaits}). Only the attributes
 * given are written: a Stigg configuration saved meanwhile by the org stays.
 */
final class UpdateTenantRoute {
    private static final Log LOG = Log.of(UpdateTenantRoute.class);

    private final Services services;

    UpdateTenantRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String orgId = SalesforceId.to18(request.pathParameter("orgId"), SalesforceId.KeyPrefix.ORGANIZATION)
                .orElseThrow(() -> ApiException.notFound("no org '" + Text.quote(request.pathParameter("orgId")) + "'"));
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(request.jsonBody(), errors);
        f.rejectUnknown("disabled", "requestsPerSecond", "maxConcurrentWaits");
        Boolean disabled = f.bool("disabled");
        Integer rate = limit(f, "requestsPerSecond", 1, OrgLimits.MAX_REQUESTS_PER_SECOND);
        Integer waits = limit(f, "maxConcurrentWaits", 0, OrgLimits.MAX_WAITS);
        if (disabled == null && rate == null && waits == null && errors.isEmpty()) {
            f.error("disabled", "is required unless requestsPerSecond or maxConcurrentWaits is given:"
                    + " true to disable the org, false to enable it");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Tenant updated = services.tenants().apply(orgId, new TenantChange(disabled, rate, waits), services.clock().instant())
                .orElseThrow(() -> ApiException.notFound("no org " + orgId));
        LOG.info(updated.disabled() ? "org disabled" : "org enabled", kv("tenantId", orgId),
                kv("requestsPerSecond", updated.limits().requestsPerSecond()),
                kv("maxConcurrentWaits", updated.limits().maxConcurrentWaits()));
        OrgLimits effective = services.limits(updated);
        return Responses.json(200, Json.object()
                .put("orgId", orgId)
                .put("name", updated.name())
                .put("salesforceDomain", updated.salesforceDomain())
                .put("disabled", updated.disabled())
                .put("configured", updated.isConfigured())
                .put("requestsPerSecond", effective.requestsPerSecond())
                .put("maxConcurrentWaits", effective.maxConcurrentWaits()));
    }

    private static Integer limit(Fields f, String name, int min, int max) {
        Integer value = f.whole(name, false, NumberBounds.ORG_LIMIT);
        if (value != null && (value < min || value > max)) {
            f.error(name, "must be from " + min + " to " + max + ", got " + value);
            return null;
        }
        return value;
    }
}
