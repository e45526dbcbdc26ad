package io.sfstigg.core.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Stigg over HTTP with OkHttp: one client per process, timeouts well inside the worker's. */
public final class HttpStigg implements Stigg {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_PAGES = 50;
    private final OkHttpClient http;
    private final String url;

    public HttpStigg(OkHttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    public static OkHttpClient defaultClient(Duration readTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(readTimeout)
                .writeTimeout(Duration.ofSeconds(5))
                .callTimeout(readTimeout.plusSeconds(5))
                .retryOnConnectionFailure(false)
                .build();
    }

    @Override
    public JsonNode provisionCustomer(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.PROVISION_CUSTOMER, input).path("provisionCustomer").path("customer");
    }

    @Override
    public JsonNode updateCustomer(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.UPDATE_CUSTOMER, input).path("updateOneCustomer");
    }

    @Override
    public Optional<JsonNode> findCustomer(String apiKey, String customerId) {
        try {
            JsonNode customer = call(apiKey, GraphQlDocuments.GET_CUSTOMER, Json.object().put("customerId", customerId))
                    .path("getCustomerByRefId");
            return customer.isObject() ? Optional.of(customer) : Optional.empty();
        } catch (StiggException e) {
            if (e.code() == StiggErrorCode.CUSTOMER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public JsonNode provisionSubscription(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.PROVISION_SUBSCRIPTION, input).path("provisionSubscriptionV2");
    }

    @Override
    public JsonNode updateSubscription(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.UPDATE_SUBSCRIPTION, input).path("updateOneSubscription");
    }

    @Override
    public JsonNode cancelSubscription(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.CANCEL_SUBSCRIPTION, input).path("cancelSubscription");
    }

    @Override
    public JsonNode createCreditGrant(String apiKey, ObjectNode input) {
        return call(apiKey, GraphQlDocuments.GRANT_CREDITS, input).path("createCreditGrant");
    }

    @Override
    public List<JsonNode> creditGrants(String apiKey, String customerId, String currencyId) {
        List<JsonNode> grants = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode input = Json.object().put("customerId", customerId).put("currencyId", currencyId);
            ObjectNode paging = input.putObject("paging").put("first", 100);
            if (after != null) {
                paging.put("after", after);
            }
            JsonNode connection = call(apiKey, GraphQlDocuments.CREDIT_GRANTS, input).path("creditGrants");
            connection.path("edges").forEach(edge -> grants.add(edge.path("node")));
            if (!connection.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                break;
            }
            after = connection.path("pageInfo").path("endCursor").asText(null);
        }
        return grants;
    }

    private JsonNode call(String apiKey, GraphQlDocuments document, ObjectNode input) {
        ObjectNode body = Json.object()
                .put("operationName", document.operationName())
                .put("query", document.text());
        body.putObject("variables").set("input", input);
        Request request = new Request.Builder()
                .url(url)
                .header("X-API-KEY", apiKey)
                .post(RequestBody.create(Json.write(body), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            return read(response);
        } catch (InterruptedIOException e) {
            throw new StiggException(StiggErrorCode.TIMEOUT, "Stigg did not answer in time", null);
        } catch (IOException e) {
            throw new StiggException(StiggErrorCode.CONNECTION_FAILED,
                    "could not reach Stigg: " + e.getClass().getSimpleName(), null);
        }
    }

    private static JsonNode read(Response response) throws IOException {
        ResponseBody responseBody = response.body();
        String text = responseBody == null ? "" : responseBody.string();
        JsonNode json = parse(text);
        JsonNode firstError = json.path("errors").path(0);
        // Stigg's trace id, also on a refusal by HTTP status when its body carries one.
        String traceId = firstError.path("extensions").path("traceId").asText(null);
        int status = response.code();
        if (status == 401 || status == 403) {
            throw new StiggException(status == 401 ? StiggErrorCode.UNAUTHENTICATED : StiggErrorCode.IDENTITY_FORBIDDEN,
                    "Stigg rejected the API key (HTTP " + status + ")", traceId);
        }
        if (status == 429) {
            throw new StiggException(StiggErrorCode.RATE_LIMIT_EXCEEDED, "Stigg rate limit exceeded (HTTP 429)", traceId);
        }
        if (status >= 500) {
            throw new StiggException(StiggErrorCode.HTTP_SERVER_ERROR, "HttpStatus" + status,
                    "Stigg answered HTTP " + status, traceId);
        }
        if (!firstError.isMissingNode()) {
            throw StiggException.fromGraphQl(firstError.path("extensions").path("code").asText(null),
                    firstError.path("message").asText("Stigg returned an error"), traceId);
        }
        if (status != 200 || !json.path("data").isObject()) {
            throw new StiggException(status < 400 ? StiggErrorCode.HTTP_NO_DATA : StiggErrorCode.HTTP_CLIENT_ERROR,
                    "HttpStatus" + status, "Stigg answered HTTP " + status + " without data", null);
        }
        return json.path("data");
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return Json.object();
        }
    }
}
