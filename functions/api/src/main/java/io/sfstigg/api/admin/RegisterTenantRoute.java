package io.sfstigg.api.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code POST /v1/admin/tenants}: registers a Salesforce org and returns its first token. */
final class RegisterTenantRoute {
    private final Services services;

    RegisterTenantRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(request.jsonBody(), errors);
        f.rejectUnknown("orgId", "name", "salesforceDomain");
        String orgId = f.salesforceId("orgId", true, SalesforceId.KeyPrefix.ORGANIZATION);
        String name = f.requiredText("name");
        String domain = salesforceDomain(f);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = services.clock().instant();
        Tenant tenant = new Tenant(orgId, name, domain, false, now, null, null, null, null, null);
        if (!services.tenants().create(tenant)) {
            throw new ApiException(409, "tenant-exists", "Org already registered",
                    "org " + orgId + " is registered; issue another token with POST /v1/admin/tenants/" + orgId + "/tokens");
        }
        ObjectNode body = TenantTokens.issue(services.tenants(), orgId, now)
                .put("orgId", orgId)
                .put("name", name)
                .put("salesforceDomain", domain);
        return Responses.json(201, body);
    }

    /** A host name such as {@code acme.my.salesforce.com}; a pasted URL is cut down to its host. */
    static String salesforceDomain(Fields f) {
        String text = f.requiredText("salesforceDomain");
        if (text == null) {
            return null;
        }
        String host = text.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        if (!host.matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")) {
            f.error("salesforceDomain", "must be the org's host name, such as acme.my.salesforce.com");
            return null;
        }
        return host;
    }
}
