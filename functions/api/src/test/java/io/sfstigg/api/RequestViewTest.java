package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.ledger.SubscriptionResult;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SampleRequests;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.tenant.StiggLimits;
import io.sfstigg.core.tenant.Tenant;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestViewTest {
    private static final Instant NOW = Instant.parse("2026-03-31T22:00:00Z");
    private static final Tenant TENANT = new Tenant("00D5e000000ViewEAA", "View", "view.my.salesforce.com", false, NOW,
            "view-env", "USD", "secret-id", "server-****0001", NOW, new OrgLimits(null, null), new StiggLimits(250, 30));

    @Test
    void aFailedRequestShowsStiggsTraceIdOnItsError() {
        JsonNode error = view(new StepError("PlanNotFound", "Plan not found: plan-pro", false, "trace-7")).path("lastError");
        assertEquals(Json.read("{\"code\":\"PlanNotFound\",\"message\":\"Plan not found: plan-pro\",\"retryable\":false,"
                + "\"stiggTraceId\":\"trace-7\"}"), error);
    }

    @Test
    void anErrorWithoutTraceIdShowsNoTraceIdField() {
        JsonNode error = view(new StepError("TenantNotConfigured", "not configured", false)).path("lastError");
        assertFalse(error.has("stiggTraceId"), error.toString());
    }

    @Test
    void aSucceededRequestShowsItsStepsAndResultAsStored() {
        String customer = "{\"customerId\":\"acme\",\"created\":true}";
        String subscription = "{\"subscriptionId\":\"sub-1\",\"subscriptionUrl\":null,\"status\":\"ACTIVE\","
                + "\"provisionStatus\":\"SUCCESS\",\"planId\":\"plan-pro\",\"addons\":[]}";
        String steps = "{\"customer\":{\"status\":\"SUCCEEDED\",\"at\":\"2026-03-31T22:00:00Z\",\"result\":" + customer
                + "},\"subscription\":{\"status\":\"SUCCEEDED\",\"at\":\"2026-03-31T22:00:01Z\",\"result\":" + subscription + "}}";
        String result = "{\"stiggCustomerId\":\"acme\",\"stiggCustomerUrl\":null,\"customer\":" + customer
                + ",\"subscription\":" + subscription + "}";
        RequestRecord record = new RequestRecord("req_00000000000000000000000000000002", TENANT.tenantId(),
                Operation.CREATE_SUBSCRIPTION, RequestStatus.SUCCEEDED, "key-2", "hash", SampleRequests.SUBSCRIPTION, "acme", NOW, NOW,
                NOW, null, 1, null, Json.read(result, SubscriptionResult.class), Json.read(steps, Steps.class), null, null,
                null, 0);

        JsonNode view = RequestView.of(record, TENANT, new DeepLinks("https://app.stigg.io"), "https://api.example.com");

        assertEquals(result, Json.write(view.get("result")));
        assertEquals(steps, Json.write(view.get("steps")));
        assertFalse(view.has("lastError"));
    }

    @Test
    void aRequestWithoutStepsOrResultShowsNeither() {
        JsonNode view = view(new StepError("TenantNotConfigured", "not configured", false));
        assertFalse(view.has("steps") || view.has("result"), view.toString());
    }

    private static JsonNode view(StepError error) {
        RequestRecord record = new RequestRecord("req_00000000000000000000000000000001", TENANT.tenantId(),
                Operation.CREATE_CUSTOMER, RequestStatus.FAILED, "key-1", "hash",
                new CustomerRequest(null, "acme", "Acme", null, null), "acme", NOW, NOW, NOW,
                null, 1, error, null, null, "message-1", null, null, 0);
        return RequestView.of(record, TENANT, new DeepLinks("https://app.stigg.io"), "https://api.example.com");
    }
}
