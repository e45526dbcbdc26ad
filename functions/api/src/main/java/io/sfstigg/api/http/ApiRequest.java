package io.sfstigg.api.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read access to an API Gateway HTTP API (payload v2) request. */
public final class ApiRequest {
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    /** Header lookup ignoring case (API Gateway lower-cases names; local callers may not). */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null && !entry.getValue().isBlank()) {
                return Optional.of(entry.getValue().trim());
            }
        }
        return Optional.empty();
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.notFound("the path has no " + name);
        }
        return value;
    }

    public String method() {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null ? "" : http.getMethod();
    }

    /** The request's JSON body: 415 unless JSON, 413 when too large, 400 when not parseable. */
    public JsonNode jsonBody() {
        String contentType = header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json") && !contentType.matches("application/[a-z0-9.+-]*\\+json.*")) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json" + (contentType.isEmpty() ? "" : ", not " + contentType));
        }
        byte[] body = rawBody();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload-too-large", "Request body too large",
                    "the body has " + body.length + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        if (body.length == 0) {
            throw ApiException.invalid(List.of(new FieldError("$", "the body is empty; send a JSON object")));
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.invalid(List.of(new FieldError("$", "the body is not valid JSON" + where)));
        } catch (java.io.IOException e) {
            throw ApiException.invalid(List.of(new FieldError("$", "the body could not be read")));
        }
    }

    private byte[] rawBody() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(List.of(new FieldError("$", "the body is not valid base64")));
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The API's own base URL as the caller reached it, for links to the status route: the stage
     * is part of the path on an execute-api URL with a named stage ({@code /prod}).
     */
    public String baseUrl() {
        var context = event.getRequestContext();
        String host = context != null && context.getDomainName() != null
                ? context.getDomainName() : header("host").orElse("localhost");
        String scheme = header("x-forwarded-proto").orElse("https");
        String stage = context == null ? null : context.getStage();
        boolean stageInPath = stage != null && !stage.isBlank() && !stage.equals("$default")
                && event.getRawPath() != null && event.getRawPath().startsWith("/" + stage + "/");
        return scheme + "://" + host + (stageInPath ? "/" + stage : "");
    }
}
