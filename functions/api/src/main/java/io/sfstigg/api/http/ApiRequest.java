package io.sfstigg.api.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.Text;
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

    /**
     * The request's JSON body: 415 unless {@code application/json} (parameters allowed, a charset
     * only if UTF-8), 413 when too large, 400 when not parseable, with a duplicate key, with content
     * after the document, or with a literal beyond the reader's limits (naming its field).
     */
    public JsonNode jsonBody() {
        String contentType = header("content-type").orElse("");
        if (!isJson(contentType)) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json" + (contentType.isEmpty() ? "" : ", not '" + Text.quote(contentType) + "'"));
        }
        byte[] body = rawBody();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload-too-large", "Request body too large",
                    "the body has " + body.length + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        if (body.length == 0) {
            throw ApiException.invalid(List.of(new FieldError("$", "the body is empty; send a JSON object")));
        }
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            try {
                return Json.MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw ApiException.invalid(List.of(parseError(e, parser)));
            } catch (NumberFormatException e) {
                throw ApiException.invalid(List.of(new FieldError(path(parser.getParsingContext()),
                        "is a number literal beyond what a number can be (its exponent)")));
            }
        } catch (java.io.IOException e) {
            throw ApiException.invalid(List.of(new FieldError("$", "the body could not be read")));
        }
    }

    /** {@code application/json}, with parameters; a charset other than UTF-8 is not JSON as RFC 8259 defines it. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equals("charset")
                    && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equals("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    /** What is wrong with a body the reader refused, naming the field it was reading. */
    private static FieldError parseError(JsonProcessingException e, JsonParser parser) {
        String field = path(parser.getParsingContext());
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String problem;
        if (e instanceof StreamConstraintsException) {
            problem = original.contains("Number") ? "is a number literal longer than " + Json.READ_CONSTRAINTS.getMaxNumberLength()
                    + " characters" : original.contains("nesting") ? "is nested deeper than "
                    + Json.READ_CONSTRAINTS.getMaxNestingDepth() + " levels" : "is longer than the reader accepts";
        } else if (original.startsWith("Duplicate field")) {
            problem = "appears more than once in its object";
        } else if (original.startsWith("Trailing token")) {
            field = "$";
            problem = "has content after the JSON document" + where;
        } else {
            problem = "the body is not valid JSON" + where;
            field = "$";
        }
        return new FieldError(field, problem);
    }

    /** The field a parser was reading, as errors name fields ({@code lineItems[2].quantity}). */
    static String path(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + Text.fieldName(c.getCurrentName()));
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
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
