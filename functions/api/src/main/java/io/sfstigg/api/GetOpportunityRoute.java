package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.opportunity.OpportunityState;
import io.sfstigg.core.tenant.Tenant;
import java.util.Optional;

/**
 * {@code GET /v1/opportunities/{opportunityId}}: the opportunity's subscription (id and URL), the
 * last applied revision, the requests still pending, and every request made for it.
 */
final class GetOpportunityRoute {
    private final Services services;

    GetOpportunityRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        String id = PathIds.salesforceId(request, "opportunityId", "a Salesforce id");
        OpportunityState state = services.opportunities().find(tenant.tenantId(), id)
                .orElseThrow(() -> ApiException.notFound("opportunity " + id + " was never provisioned for this org"));
        ObjectNode body = Json.object()
                .put("opportunityId", id)
                .put("stiggCustomerId", state.stiggCustomerId())
                .put("stiggCustomerUrl", services.links().stiggCustomer(tenant.stiggEnvironmentSlug(), state.stiggCustomerId()))
                .put("subscriptionId", state.subscriptionId())
                .put("subscriptionUrl", state.subscriptionId() == null ? null
                        : services.links().stiggSubscription(tenant.stiggEnvironmentSlug(), state.subscriptionId()))
                .put("appliedRevision", state.appliedRevision() == null ? null : state.appliedRevision().text())
                .put("appliedRequestId", state.appliedRequestId())
                .put("appliedAt", state.appliedAt() == null ? null : state.appliedAt().toString())
                .put("cancelled", state.cancelRequestId() != null)
                .put("cancelRequestId", state.cancelRequestId());
        ArrayNode pending = body.putArray("pending");
        ArrayNode history = body.putArray("history");
        for (OpportunityState.HistoryEntry entry : state.history()) {
            Optional<RequestRecord> record = services.ledger().find(entry.requestId());
            String status = record.map(r -> r.status().name()).orElse("UNKNOWN");
            ObjectNode item = history.addObject()
                    .put("requestId", entry.requestId())
                    .put("operation", entry.operation().name())
                    .put("revision", entry.revision())
                    .put("acceptedAt", entry.at() == null ? null : entry.at().toString())
                    .put("status", status)
                    .put("statusUrl", RequestView.statusUrl(request.baseUrl(), entry.requestId()));
            record.map(RequestRecord::lastError).ifPresent(error -> item.put("lastError", error.code() + ": " + error.message()));
            if (record.isPresent() && !record.get().status().isFinal()) {
                pending.add(item.deepCopy());
            }
        }
        return Responses.json(200, body);
    }
}
