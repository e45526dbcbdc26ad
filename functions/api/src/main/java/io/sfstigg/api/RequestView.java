package io.sfstigg.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.tenant.Tenant;

/** The JSON a caller sees of a request: its status, each step, and the Stigg ids and links once known. */
final class RequestView {
    private RequestView() {}

    static ObjectNode of(RequestRecord record, Tenant tenant, DeepLinks links, String baseUrl) {
        ObjectNode view = Json.object()
                .put("requestId", record.requestId())
                .put("operation", record.operation().name())
                .put("status", record.status().name())
                .put("stiggCustomerId", record.stiggCustomerId())
                .put("stiggCustomerUrl", links.stiggCustomer(tenant.stiggEnvironmentSlug(), record.stiggCustomerId()))
                .put("statusUrl", statusUrl(baseUrl, record.requestId()))
                .put("createdAt", String.valueOf(record.createdAt()))
                .put("updatedAt", String.valueOf(record.updatedAt()))
                .put("attempts", record.attempts());
        if (record.lastError() != null) {
            ObjectNode error = view.putObject("lastError")
                    .put("code", record.lastError().code())
                    .put("message", record.lastError().message())
                    .put("retryable", record.lastError().retryable());
            if (record.lastError().stiggTraceId() != null) {
                error.put("stiggTraceId", record.lastError().stiggTraceId());
            }
        }
        if (record.deadLetteredAt() != null) {
            view.put("deadLetteredAt", record.deadLetteredAt().toString());
        }
        if (!record.steps().isEmpty()) {
            view.set("steps", Json.MAPPER.valueToTree(record.steps()));
        }
        if (record.result() != null) {
            view.set("result", Json.MAPPER.valueToTree(record.result()));
        }
        return view;
    }

    static String statusUrl(String baseUrl, String requestId) {
        return baseUrl + "/v1/requests/" + requestId;
    }
}
