package io.sfstigg.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    private static APIGatewayV2HTTPEvent event(String stage, String rawPath, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(rawPath)
                .withHeaders(headers)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("abc123.execute-api.eu-west-1.amazonaws.com").withStage(stage).build())
                .build();
    }

    @Test
    void statusLinksKeepTheStageOfAnExecuteApiUrl() {
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
                new ApiRequest(event("prod", "/prod/v1/customers", Map.of(), null)).baseUrl());
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com",
                new ApiRequest(event("$default", "/v1/customers", Map.of(), null)).baseUrl());
    }

    @Test
    void headersAreFoundInAnyCase() {
        ApiRequest request = new ApiRequest(event("prod", "/prod/v1/x", Map.of("Idempotency-Key", " k1 "), null));
        assertEquals("k1", request.header("idempotency-key").orElseThrow());
    }

    @Test
    void bodiesMustBeJsonAndSmall() {
        assertEquals(415, assertThrows(ApiException.class, () -> new ApiRequest(event("prod", "/p",
                Map.of("content-type", "text/csv"), "a,b")).jsonBody()).status());
        assertEquals(413, assertThrows(ApiException.class, () -> new ApiRequest(event("prod", "/p",
                Map.of("content-type", "application/json"), "\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"")).jsonBody())
                .status());
        assertEquals(400, assertThrows(ApiException.class, () -> new ApiRequest(event("prod", "/p",
                Map.of("content-type", "application/json; charset=utf-8"), "{\"a\":")).jsonBody()).status());
        assertEquals(1, new ApiRequest(event("prod", "/p", Map.of("Content-Type", "application/json"), "{\"a\":1}"))
                .jsonBody().path("a").asInt());
    }
}
