package io.sfstigg.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.api.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesTest {
    @Test
    void problemCarriesRfc9457TypeAndTheCodeFlowsBranchOn() {
        JsonNode body = Json.read(Responses.problem(ApiException.invalid(List.of(new FieldError("planId", "is required"))),
                "req_1", "application/json").getBody());
        assertEquals("urn:sfstigg:problem:invalid-request", body.path("type").asText());
        assertEquals("invalid-request", body.path("code").asText(), "type is renamed z0type by External Services; code is not");
        assertEquals(400, body.path("status").asInt());
        assertEquals("planId", body.path("errors").path(0).path("field").asText());
    }
}
