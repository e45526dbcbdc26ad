package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
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
    /** The code an answer without what the call selects is reported as: retried like a 5xx. */
    static final String UNREADABLE_ANSWER = "UnreadableAnswer";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_PAGES = 50;
    private static final int PAGE_SIZE = 100;
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
    public StiggCustomer provisionCustomer(String apiKey, CustomerInput input) {
        return answer(apiKey, GraphQlDocuments.PROVISION_CUSTOMER, input, "provisionCustomer", ProvisionedCustomer.class)
                .customer();
    }

    @Override
    public StiggCustomer updateCustomer(String apiKey, CustomerInput input) {
        return answer(apiKey, GraphQlDocuments.UPDATE_CUSTOMER, input, "updateOneCustomer", StiggCustomer.class);
    }

    @Override
    public Optional<StiggCustomer> findCustomer(String apiKey, String customerId) {
        try {
            JsonNode customer = call(apiKey, GraphQlDocuments.GET_CUSTOMER, new CustomerLookup(customerId))
                    .path("getCustomerByRefId");
            return customer.isObject() ? Optional.of(read(customer, StiggCustomer.class)) : Optional.empty();
        } catch (StiggException e) {
            if (e.code() == StiggErrorCode.CUSTOMER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input) {
        return answer(apiKey, GraphQlDocuments.PROVISION_SUBSCRIPTION, input, "provisionSubscriptionV2",
                ProvisionedSubscription.class);
    }

    @Override
    public StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input) {
        return answer(apiKey, GraphQlDocuments.UPDATE_SUBSCRIPTION, input, "updateOneSubscription",
                StiggSubscription.class);
    }

    @Override
    public StiggCancellation cancelSubscription(String apiKey, CancellationInput input) {
        return answer(apiKey, GraphQlDocuments.CANCEL_SUBSCRIPTION, input, "cancelSubscription", StiggCancellation.class);
    }

    @Override
    public StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input) {
        return answer(apiKey, GraphQlDocuments.GRANT_CREDITS, input, "createCreditGrant", StiggCreditGrant.class);
    }

    @Override
    public List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId) {
        List<StiggCreditGrant> grants = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            CreditGrantPage connection = answer(apiKey, GraphQlDocuments.CREDIT_GRANTS,
                    new CreditGrantsQuery(customerId, currencyId, new Paging(PAGE_SIZE, after)), "creditGrants",
                    CreditGrantPage.class);
            connection.edges().forEach(edge -> grants.add(edge.node()));
            if (connection.pageInfo() == null || !connection.pageInfo().hasNextPage()) {
                break;
            }
            after = connection.pageInfo().endCursor();
        }
        return grants;
    }

    /** {@code GetCustomerByRefIdInput}. */
    private record CustomerLookup(String customerId) {}

    /** {@code GetCreditGrantsInput} with its paging. */
    private record CreditGrantsQuery(String customerId, String currencyId, Paging paging) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Paging(int first, String after) {}

    private record ProvisionedCustomer(StiggCustomer customer) {}

    private record CreditGrantPage(List<Edge> edges, PageInfo pageInfo) {
        CreditGrantPage {
            edges = edges == null ? List.of() : edges;
        }
    }

    private record Edge(StiggCreditGrant node) {}

    private record PageInfo(boolean hasNextPage, String endCursor) {}

    /** The answer's {@code field}, read as {@code type}; an answer without it is a failure, never a success with nulls. */
    private <T> T answer(String apiKey, GraphQlDocuments document, Record input, String field, Class<T> type) {
        JsonNode value = call(apiKey, document, input).path(field);
        if (!value.isObject()) {
            throw new StiggException(StiggErrorCode.HTTP_NO_DATA, UNREADABLE_ANSWER, "Stigg answered " + document.operationName()
                    + " without " + field, null);
        }
        return read(value, type);
    }

    private static <T> T read(JsonNode value, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(value, type);
        } catch (JsonProcessingException e) {
            throw new StiggException(StiggErrorCode.HTTP_NO_DATA, UNREADABLE_ANSWER, "Stigg's answer did not read as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), null);
        }
    }

    private JsonNode call(String apiKey, GraphQlDocuments document, Record input) {
        ObjectNode body = Json.object()
                .put("operationName", document.operationName())
                .put("query", document.text());
        body.putObject("variables").set("input", Json.MAPPER.valueToTree(input));
        Request request = new Request.Builder()
                .url(url)
                .header("X-API-KEY", apiKey)
                .post(RequestBody.create(Json.write(body), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            return data(response);
        } catch (InterruptedIOException e) {
            throw new StiggException(StiggErrorCode.TIMEOUT, "Stigg did not answer in time", null);
        } catch (IOException e) {
            throw new StiggException(StiggErrorCode.CONNECTION_FAILED,
                    "could not reach Stigg: " + e.getClass().getSimpleName(), null);
        }
    }

    private static JsonNode data(Response response) throws IOException {
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
