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

    private static ApiException refused(String contentType, String body) {
        return assertThrows(ApiException.class, () -> new ApiRequest(event("prod", "/p",
                Map.of("content-type", contentType), body)).jsonBody());
    }

    /** Issue 11, row 6 and rows 1-2 at the reader: framing is strict, and a literal beyond the reader names its field. */
    @Test
    void framingIsStrictAndLiteralsBeyondTheReaderNameTheirField() {
        assertEquals("a", refused("application/json", "{\"a\":1,\"a\":2}").errors().get(0).field());
        assertEquals("$", refused("application/json", "{\"a\":1} {\"x\":1}").errors().get(0).field());
        assertEquals(415, refused("application/jsonfoo", "{}").status());
        assertEquals(415, refused("application/json; charset=iso-8859-1", "{}").status());
        assertEquals(415, refused("application/vnd.api+json", "{}").status());
        assertEquals(1, new ApiRequest(event("prod", "/p", Map.of("content-type", "Application/JSON;Charset=\"UTF-8\""),
                "{\"a\":1}")).jsonBody().path("a").asInt());
        for (String literal : new String[] {"1e-2147483648", "1e2147483648", "1e99999999999", "1" + "0".repeat(200)}) {
            ApiException e = refused("application/json", "{\"cost\":{\"amount\":" + literal + "}}");
            assertEquals(400, e.status());
            assertEquals("cost.amount", e.errors().get(0).field(), literal);
        }
        assertEquals("lineItems[1].quantity", refused("application/json",
                "{\"lineItems\":[{},{\"quantity\":1" + "0".repeat(200) + "}]}").errors().get(0).field());
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
