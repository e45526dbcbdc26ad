package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each function runs as Lambda runs it: in its own process behind the Runtime API, with the
 * credentials Lambda gives it (SnapStart: only the container endpoint; otherwise key variables),
 * its timeout enforced, and SnapStart's restore hooks before the first request.
 */
class LambdaRuntimeIT {

    /** The variables of a function's process, read from the operating system, not from our own bookkeeping. */
    private static Map<String, String> processEnvironment(long pid) throws IOException {
        String environ = Files.readString(Path.of("/proc", String.valueOf(pid), "environ"), StandardCharsets.UTF_8);
        return Arrays.stream(environ.split("\0")).filter(v -> v.contains("="))
                .collect(Collectors.toMap(v -> v.substring(0, v.indexOf('=')), v -> v.substring(v.indexOf('=') + 1),
                        (a, b) -> b));
    }

    private static byte[] event(String file) {
        return TestSystem.event(file).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void snapStartApiFunctionReachesDynamoDbWithContainerCredentialsOnly() throws Exception {
        int servedBefore = get().credentials().served("GetConfigFunction");
        try (LambdaFunction function = get().newFunction(get().functionSpec("GetConfigFunction").withConcurrency(1))) {
            JsonNode response = Json.read(new String(function.invoke(event("get-config.json")), StandardCharsets.UTF_8));

            assertEquals(200, response.path("statusCode").asInt(), response.toString());
            assertEquals("local-sandbox", Json.read(response.path("body").asText()).path("stiggEnvironmentSlug").asText(),
                    response.toString());
            assertTrue(get().credentials().served("GetConfigFunction") > servedBefore,
                    "the process took its credentials from the container endpoint, with its own token");
            Map<String, String> env = processEnvironment(function.lastEnvironment().pid());
            assertEquals("snap-start", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
            assertEquals(get().credentials().uri().toString(), env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
            assertNotNull(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
                assertFalse(env.containsKey(key), "a SnapStart function gets no " + key + ": " + env.keySet());
            }
            assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("MAVEN") || k.equals("HOME") || k.equals("USER")),
                    "nothing of the runner's environment: " + env.keySet());
            assertEquals("GetConfigFunction", env.get("AWS_LAMBDA_FUNCTION_NAME"));
            assertEquals("1024", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
            assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", env.get("JAVA_TOOL_OPTIONS"));
            assertEquals("io.sfstigg.api.GetConfigHandler::handleRequest", env.get("_HANDLER"));
        }
        assertEquals(200, TestSystem.get("/v1/config").status(), "and so through the gateway");
    }

    @Test
    void snapStartApiFunctionWithoutItsCredentialsEndpointCannotReadItsData() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FunctionSpec spec = get().functionSpec("GetConfigFunction").replacing(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + closedPort + CredentialsEndpoint.PATH));
        try (LambdaFunction function = get().newFunction(spec)) {
            JsonNode response = Json.read(new String(function.invoke(event("get-config.json")), StandardCharsets.UTF_8));

            assertEquals(503, response.path("statusCode").asInt(), response.toString());
            assertTrue(response.path("body").asText().contains("storage-unavailable"), response.toString());
        }
    }

    @Test
    void workerReachesItsDataWithKeyVariablesAndNotWithout() throws Exception {
        TestSystem.Answer accepted = TestSystem.post("/v1/customers", ProvisioningPipelineIT.customer(
                "runtime-" + System.nanoTime(), "Runtime"), Map.of("Prefer", "wait=20"));
        assertEquals(200, accepted.status(), accepted.raw().body());
        String requestId = accepted.body().path("requestId").asText();
        ObjectNode sqsEvent = (ObjectNode) Json.read(TestSystem.event("worker-sqs.json"));
        ObjectNode record = (ObjectNode) sqsEvent.path("Records").get(0);
        ObjectNode body = (ObjectNode) Json.read(record.path("body").asText());
        body.put("requestId", requestId);
        record.put("body", Json.write(body));
        byte[] delivery = Json.write(sqsEvent).getBytes(StandardCharsets.UTF_8);

        FunctionSpec withKeys = get().functionSpec("WorkerFunction").withConcurrency(1);
        try (LambdaFunction worker = get().newFunction(withKeys)) {
            JsonNode answer = Json.read(new String(worker.invoke(delivery), StandardCharsets.UTF_8));
            assertTrue(answer.path("batchItemFailures").isArray() && answer.path("batchItemFailures").isEmpty(),
                    "an already provisioned request is acknowledged: " + answer);
            Map<String, String> env = processEnvironment(worker.lastEnvironment().pid());
            assertEquals(get().credentials().accessKeyId(), env.get("AWS_ACCESS_KEY_ID"));
            assertNotNull(env.get("AWS_SESSION_TOKEN"));
            assertFalse(env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
            assertEquals("on-demand", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
            assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        }
        Map<String, String> noKeys = new HashMap<>();
        noKeys.put("AWS_ACCESS_KEY_ID", null);
        noKeys.put("AWS_SECRET_ACCESS_KEY", null);
        noKeys.put("AWS_SESSION_TOKEN", null);
        try (LambdaFunction worker = get().newFunction(withKeys.replacing(noKeys))) {
            String answer;
            try {
                answer = new String(worker.invoke(delivery), StandardCharsets.UTF_8);
            } catch (FunctionError e) {
                answer = e.errorType();
            }
            assertTrue(answer.contains("Unhandled") || answer.contains(record.path("messageId").asText()),
                    "without credentials the worker cannot read the ledger and acknowledges nothing: " + answer);
        }
    }

    @Test
    void functionPastItsTimeoutOrWhoseProcessDiesFailsAsLambdaReportsIt() throws Exception {
        FunctionSpec spec = get().functionSpec("PutConfigFunction").withTimeout(2)
                .replacing(Map.of("API_STIGG_TIMEOUT_SECONDS", "20"));
        List<String> lines = new ArrayList<>();
        TestSystem.emulator().setLatency(Duration.ofSeconds(6));
        try (AutoCloseable logs = get().functionLogs().subscribe(l -> {
                    synchronized (lines) {
                        lines.add(l.text());
                    }
                });
                LambdaFunction function = get().newFunction(spec)) {
            FunctionError error = assertThrows(FunctionError.class, () -> function.invoke(event("put-config.json")));
            assertEquals("Sandbox.Timedout", error.errorType());
            assertTrue(error.errorMessage().endsWith("Task timed out after 2.00 seconds"), error.errorMessage());
            synchronized (lines) {
                assertTrue(lines.stream().anyMatch(l -> l.endsWith("Task timed out after 2.00 seconds")), "logged: " + lines);
            }
            assertEquals(1, function.coldStarts());

            TemplateModel.Route route = get().template().routes().stream()
                    .filter(r -> r.functionName().equals("PutConfigFunction")).findFirst().orElseThrow();
            try (LocalGateway gateway = new LocalGateway(0, Map.of(route, function))) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/config"))
                        .header("Authorization", "Bearer " + get().tenantToken())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"stiggApiKey\":\"server-timeout-test-0000\","
                                + "\"stiggEnvironmentSlug\":\"local-sandbox\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(500, answer.statusCode(), "API Gateway answers a function error so: " + answer.body());
                assertEquals("{\"message\":\"Internal Server Error\"}", answer.body());
            }
            assertEquals(2, function.coldStarts(), "the timed-out environment was discarded, a new one started");

            java.util.concurrent.CompletableFuture<byte[]> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return function.invoke(event("put-config.json"));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            long deadline = System.currentTimeMillis() + 20_000;
            while (function.coldStarts() < 3 || function.lastEnvironment().firstDeliveredAt() == null) {
                assertTrue(System.currentTimeMillis() < deadline, "the third environment never took its invocation");
                Thread.sleep(20);
            }
            function.killEnvironments();
            java.util.concurrent.ExecutionException died = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> running.get(10, java.util.concurrent.TimeUnit.SECONDS));
            Throwable cause = died.getCause();
            while (!(cause instanceof FunctionError) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            FunctionError crash = assertInstanceOf(FunctionError.class, cause);
            assertEquals("Runtime.ExitError", crash.errorType());
            assertTrue(crash.errorMessage().endsWith("Runtime exited with error: signal: killed"), crash.errorMessage());
        } finally {
            TestSystem.emulator().setLatency(Duration.ZERO);
        }
    }

    @Test
    void snapStartFunctionRunsItsRestoreHooksBeforeItsFirstRequest() throws Exception {
        List<FunctionLogs.Line> lines = new ArrayList<>();
        Instant begin = Instant.now();
        try (AutoCloseable logs = get().functionLogs().subscribe(l -> {
                    if (l.function().equals("GetConfigFunction")) {
                        synchronized (lines) {
                            lines.add(l);
                        }
                    }
                });
                LambdaFunction function = get().newFunction(get().functionSpec("GetConfigFunction").withConcurrency(1))) {
            JsonNode response = Json.read(new String(function.invoke(event("get-config.json")), StandardCharsets.UTF_8));
            assertEquals(200, response.path("statusCode").asInt(), response.toString());

            LambdaFunction.EnvironmentTimeline timeline = function.lastEnvironment();
            assertNotNull(timeline.restoredAt(), "the runtime asked for the restore (GET /runtime/restore/next)");
            Instant primed = awaitLogTime(lines, "primed before the snapshot");
            Instant restored = awaitLogTime(lines, "restored from the snapshot");
            assertTrue(!primed.isBefore(begin.minusSeconds(1)) && !primed.isAfter(timeline.restoredAt()),
                    "beforeCheckpoint ran before the restore: " + primed + " vs " + timeline.restoredAt());
            assertTrue(!restored.isBefore(timeline.restoredAt().minusMillis(5))
                    && !restored.isAfter(timeline.firstDeliveredAt()),
                    "afterRestore ran after the restore and before the first request: " + restored + " vs "
                            + timeline.firstDeliveredAt());
        }
    }

    /** The time a function's JSON log line with this message carries, once it has arrived. */
    private static Instant awaitLogTime(List<FunctionLogs.Line> lines, String message) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (lines) {
                for (FunctionLogs.Line line : lines) {
                    if (line.text().startsWith("{") && message.equals(Json.read(line.text()).path("message").asText())) {
                        return Instant.parse(Json.read(line.text()).path("time").asText());
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the function never logged '" + message + "'");
    }
}
