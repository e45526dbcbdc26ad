package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.tenant.Tenant;

/** {@code GET /v1/links/{salesforceId}}: the Stigg customer and subscriptions of an Account or Opportunity. */
final class GetLinksRoute {
    private final Services services;

    GetLinksRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        String id = PathIds.salesforceId(request, "salesforceId", "an Account (001) or Opportunity (006) id",
                SalesforceId.KeyPrefix.ACCOUNT, SalesforceId.KeyPrefix.OPPORTUNITY);
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
