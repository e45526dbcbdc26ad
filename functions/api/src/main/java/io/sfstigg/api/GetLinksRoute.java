package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.Text;

/** {@code GET /v1/links/{salesforceId}}: the Stigg customer and subscriptions of an Account or Opportunity. */
final class GetLinksRoute {
    private final Services services;

    GetLinksRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        String presented = request.pathParameter("salesforceId");
        String id = SalesforceId.to18(presented, SalesforceId.KeyPrefix.ACCOUNT, SalesforceId.KeyPrefix.OPPORTUNITY)
                .orElseThrow(() -> ApiException.notFound("'" + Text.quote(presented)
                        + "' is not an Account (001) or Opportunity (006) id"));
        Link link = services.linkStore().find(tenant.tenantId(), id)
                .orElseThrow(() -> ApiException.notFound("nothing has been provisioned in Stigg for " + id));
        com.fasterxml.jackson.databind.node.ObjectNode body = io.sfstigg.core.json.Json.MAPPER.valueToTree(link);
        if ("Opportunity".equals(link.objectType())) {
            services.opportunities().find(tenant.tenantId(), id).map(s -> s.subscriptionId()).ifPresent(current -> body
                    .put("currentSubscriptionId", current)
                    .put("currentSubscriptionUrl", services.links().stiggSubscription(tenant.stiggEnvironmentSlug(), current)));
        }
        return Responses.json(200, body);
    }
}
