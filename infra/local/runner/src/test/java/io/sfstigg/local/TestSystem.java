package io.sfstigg.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.local.stigg.StiggEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One local system for the whole test JVM (it takes a few seconds to start), with the sample
 * events' tokens, short visibility timeouts and retry delays so faults resolve in seconds.
 */
final class TestSystem {
    static final String EVENTS_TENANT_TOKEN = "sfst_0123456789abcdef_T9sL5Ojy17goYQqeolvtaNArLiMYprLc1kdMTAcPpa0";
    static final String EVENTS_ADMIN_TOKEN = "local-admin-token-for-sample-events";
    static final int MAX_RECEIVE_COUNT = 8;
    /**
     * Stigg's limits (30 writes per entity, 250 per operation, a minute) with time scaled down 30
     * times, as the retries are; the worker paces to the same window.
     */
    static final int STIGG_PER_ENTITY = 30;
    static final int STIGG_PER_OPERATION = 250;
    static final Duration STIGG_WINDOW = Duration.ofSeconds(2);
    /** The load tests measure the pipeline, not the per-org limit (FairnessIT sets its own per org). */
    static final int ORG_REQUESTS_PER_SECOND = 1000;
    private static LocalSystem system;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestSystem() {}

    static synchronized LocalSystem get() {
        if (system == null) {
            try {
                // visibility 6 s: above a batch's time here, where each worker is a JVM of its own on two busy cores
                system = LocalSystem.start(LocalSystem.Options.forTests(6, Map.of(
                        "RETRY_BASE_MILLIS", "300",
                        "RETRY_MAX_SECONDS", "2",
                        "MAX_RECEIVE_COUNT", String.valueOf(MAX_RECEIVE_COUNT),
                        "STIGG_TIMEOUT_SECONDS", "2",
                        "SYNC_LINK_WAIT_SECONDS", "4",
                        "ORG_REQUESTS_PER_SECOND", String.valueOf(ORG_REQUESTS_PER_SECOND),
                        "STIGG_LIMIT_WINDOW_MILLIS", String.valueOf(STIGG_WINDOW.toMillis()),
                        "STIGG_LIMIT_MARGIN_MILLIS", "150",
                        "PACE_INLINE_WAIT_MILLIS", "300")).withTokens(EVENTS_TENANT_TOKEN, EVENTS_ADMIN_TOKEN));
            } catch (Exception e) {
                throw new IllegalStateException("the local system did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(system::close));
            system.emulator().orElseThrow().setRateLimits(STIGG_PER_ENTITY, STIGG_PER_OPERATION, STIGG_WINDOW);
            // Stigg's webhooks only while StiggSyncIT runs: other suites count the queue's messages.
            system.emulator().orElseThrow().webhooks().unregister("local-sandbox");
        }
        return system;
    }

    static StiggEmulator emulator() {
        return get().emulator().orElseThrow();
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static Answer send(String method, String path, String body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(get().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? Json.object() : Json.read(response.body());
            return new Answer(response.statusCode(), json, response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    static Answer post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, get().tenantToken(), headers);
    }

    static Answer post(String path, String body) {
        return post(path, body, Map.of());
    }

    static Answer get(String path) {
        return send("GET", path, null, get().tenantToken(), Map.of());
    }

    /** How long a test waits for the local system by default: a fault's retries resolve well within it. */
    static final Duration PATIENCE = Duration.ofSeconds(45);
    /** A request the worker is done with. */
    static final Predicate<JsonNode> FINAL = r -> r.path("status").asText().matches("SUCCEEDED|FAILED|DEAD_LETTERED");

    /**
     * Waits until {@code what} holds, checking at once and then every 100 ms for up to {@link #PATIENCE}
     * (change it with {@code atMost}); the one way these tests wait for the system.
     */
    static ConditionFactory eventually(String what) {
        // the local system's own threads are not the test's: their failures show in its answers and logs
        return Awaitility.await(what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .pollInSameThread().dontCatchUncaughtExceptions();
    }

    /** Polls the request's status, as the demo org, until {@code done} holds; fails after {@code timeout} with the last answer. */
    static JsonNode awaitRequest(String requestId, Predicate<JsonNode> done, Duration timeout) {
        return awaitRequest(get().tenantToken(), requestId, done, timeout);
    }

    /** The same, as the org whose token this is. */
    static JsonNode awaitRequest(String token, String requestId, Predicate<JsonNode> done, Duration timeout) {
        return eventually("request " + requestId).atMost(timeout)
                .until(() -> send("GET", "/v1/requests/" + requestId, null, token, Map.of()).body(), done::test);
    }

    static JsonNode awaitStatus(String requestId, String status) {
        return awaitRequest(requestId, r -> status.equals(r.path("status").asText()), PATIENCE);
    }

    static int queueDepth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = get().sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    static String event(String file) {
        try {
            return Files.readString(TemplateModel.locate().getParent().resolve("events").resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path projectRoot() {
        return TemplateModel.locate().getParent();
    }
}
