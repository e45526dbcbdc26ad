package io.sfstigg.core.salesforce;

import static io.sfstigg.core.log.Log.kv;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.hash.Sha256;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Salesforce's REST API over OkHttp. Access tokens come from the OAuth 2.0 client credentials
 * flow at the org's My Domain ({@code /services/oauth2/token}) and are cached per execution
 * environment, one per org and client; a {@code 401 INVALID_SESSION_ID} fetches a new token
 * once and repeats the call.
 */
public final class HttpSalesforce implements Salesforce {
    private static final Log LOG = Log.of(HttpSalesforce.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final String apiVersion;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public HttpSalesforce(OkHttpClient http, String apiVersion) {
        this.http = http;
        this.apiVersion = apiVersion;
    }

    @Override
    public void update(SalesforceCredentials org, String object, String id, Map<String, Object> fields) {
        String url = base(org) + "/services/data/" + apiVersion + "/sobjects/" + object + "/" + id;
        RequestBody body = RequestBody.create(Json.write(fields), JSON);
        String cacheKey = cacheKey(org);
        String token = tokens.computeIfAbsent(cacheKey, k -> fetchToken(org));
        try {
            send(new Request.Builder().url(url).patch(body), token);
        } catch (SalesforceException e) {
            if (e.httpStatus() != 401) {
                throw e;
            }
            LOG.info("Salesforce session expired: fetching a new token once", kv("object", object),
                    kv("instanceUrl", org.instanceUrl()));
            tokens.remove(cacheKey, token);
            String fresh = fetchToken(org);
            tokens.put(cacheKey, fresh);
            send(new Request.Builder().url(url).patch(body), fresh);
        }
    }

    private void send(Request.Builder request, String token) {
        try (Response response = http.newCall(request.header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build()).execute()) {
            if (response.isSuccessful()) {
                return;
            }
            throw error(response.code(), response.body() == null ? "" : response.body().string());
        } catch (IOException e) {
            throw new SalesforceException("SERVER_UNAVAILABLE", "Salesforce did not answer: " + e.getClass().getSimpleName(), 0);
        }
    }

    private String fetchToken(SalesforceCredentials org) {
        FormBody form = new FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", org.clientId()).add("client_secret", org.clientSecret()).build();
        Request request = new Request.Builder().url(base(org) + "/services/oauth2/token").post(form)
                .header("Accept", "application/json").build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                JsonNode error = readOrNull(text);
                String code = error == null ? null : error.path("error").asText(null);
                String description = error == null ? null : error.path("error_description").asText(null);
                throw new SalesforceException(response.code() >= 500 ? null : "INVALID_CLIENT",
                        "the token endpoint refused the client credentials (" + code + (description == null ? ""
                                : ": " + description) + ")", response.code());
            }
            JsonNode token = readOrNull(text);
            String accessToken = token == null ? null : token.path("access_token").asText(null);
            if (accessToken == null) {
                throw new SalesforceException(null, "the token endpoint answered without an access token", 502);
            }
            return accessToken;
        } catch (IOException e) {
            throw new SalesforceException("SERVER_UNAVAILABLE",
                    "Salesforce's token endpoint did not answer: " + e.getClass().getSimpleName(), 0);
        }
    }

    /** Salesforce's REST errors: {@code [{"message", "errorCode", "fields"}]}; the first one decides. */
    static SalesforceException error(int status, String text) {
        JsonNode body = readOrNull(text);
        JsonNode first = body != null && body.isArray() && !body.isEmpty() ? body.get(0) : body;
        String code = first == null ? null : first.path("errorCode").asText(null);
        String message = first == null ? null : first.path("message").asText(null);
        if (first != null && first.path("fields").isArray() && !first.path("fields").isEmpty()) {
            message = message + " (fields: " + first.path("fields").toString() + ")";
        }
        return new SalesforceException(code, message == null ? "Salesforce answered HTTP " + status : message, status);
    }

    private static JsonNode readOrNull(String text) {
        try {
            return text == null || text.isBlank() ? null : Json.read(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String base(SalesforceCredentials org) {
        String url = org.instanceUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String cacheKey(SalesforceCredentials org) {
        return org.instanceUrl() + "|" + org.clientId() + "|" + Sha256.hex(org.clientSecret());
    }
}
