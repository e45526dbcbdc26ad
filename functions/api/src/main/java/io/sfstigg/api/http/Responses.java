package io.sfstigg.api.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import java.util.HashMap;
import java.util.Map;

/** JSON and problem+json responses. */
public final class Responses {
    public static final String PROBLEM_TYPE_BASE = "urn:sfstigg:problem:";
    /** Errors listed in one answer at most; every message quotes at most a short excerpt of input. */
    static final int MAX_ERRORS = 50;

    private Responses() {}

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(all)
                .withBody(Json.write(body))
                .build();
    }

    static String problemMediaType(String accept) {
        String value = accept == null ? "" : accept.toLowerCase(java.util.Locale.ROOT);
        boolean plainJsonOnly = value.contains("application/json") && !value.contains("application/problem+json");
        return plainJsonOnly ? "application/json" : "application/problem+json";
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    /**
     * RFC 9457 problem details, as {@code application/problem+json}; as {@code application/json}
     * when the caller accepts JSON but not problem+json (Salesforce External Services reads only
     * the media types it declared, and declares {@code application/json}).
     */
    public static APIGatewayV2HTTPResponse problem(ApiException problem, String requestId, String accept) {
        ObjectNode body = Json.object()
                .put("type", PROBLEM_TYPE_BASE + problem.type())
                .put("code", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.getMessage());
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        ArrayNode errors = body.putArray("errors");
        problem.errors().stream().limit(MAX_ERRORS)
                .forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
        if (problem.errors().size() > MAX_ERRORS) {
            errors.addObject().put("field", "$").put("message", (problem.errors().size() - MAX_ERRORS) + " more problems");
        }
        Map<String, String> headers = new HashMap<>(problem.headers());
        headers.put("Content-Type", problemMediaType(accept));
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(problem.status())
                .withHeaders(headers)
                .withBody(Json.write(body))
                .build();
    }
}
