package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.log.LogContext;
import io.sfstigg.core.testing.FakeLambdaContext;
import io.sfstigg.core.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame sets the invocation's log context for the route and clears it when the answer is made. */
class HttpFrameLogContextTest {
    private static final Log LOG = Log.of(HttpFrameLogContextTest.class);

    private static APIGatewayV2HTTPResponse failingRoute(ApiRequest request) {
        LOG.info("route ran");
        throw new IllegalStateException("boom");
    }

    @Test
    void everyLineOfAnInvocationCarriesItsAwsRequestIdAndNoneLeaksIntoTheNext() throws Exception {
        HttpFrame route = HttpFrame.open(HttpFrameLogContextTest::failingRoute);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/customers").build();
        List<String> lines = LogCapture.linesOf(() -> {
            assertEquals(500, route.handleRequest(event, FakeLambdaContext.withRequestId("lambda-a")).getStatusCode());
            assertTrue(LogContext.current().isEmpty(), "the context ends with the invocation");
            route.handleRequest(event, FakeLambdaContext.withRequestId("lambda-b"));
        }, Problems.class, HttpFrameLogContextTest.class);

        assertEquals(4, lines.size(), lines.toString());
        List<JsonNode> parsed = lines.stream().map(Json::read).toList();
        assertEquals(List.of("route ran", "unexpected error", "route ran", "unexpected error"),
                parsed.stream().map(line -> line.path("message").asText()).toList());
        assertEquals(List.of("lambda-a", "lambda-a", "lambda-b", "lambda-b"),
                parsed.stream().map(line -> line.path("awsRequestId").asText()).toList());
        assertTrue(parsed.stream().allMatch(line -> line.path("coldStart").isBoolean()), lines.toString());
        assertFalse(parsed.get(2).path("coldStart").asBoolean(), "a second invocation is warm");
        assertEquals("POST /v1/customers", parsed.get(1).path("route").asText());
    }
}
