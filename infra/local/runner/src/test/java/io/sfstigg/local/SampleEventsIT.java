package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in {@code events/} invoked through the Lambda Runtime API, in the function's own
 * process, against the local system, in an order where each one's answer is known: these are the events of the README and
 * of {@code sam local invoke -e}.
 */
class SampleEventsIT {
    private static final Map<String, Integer> EXPECTED_STATUS = Map.ofEntries(
            Map.entry("health.json", 200),
            Map.entry("register-tenant.json", 201),
            Map.entry("issue-token.json", 201),
            Map.entry("revoke-token.json", 404),
            Map.entry("update-tenant.json", 200),
            Map.entry("put-config.json", 422),
            Map.entry("get-config.json", 200),
            Map.entry("create-customer.json", 202),
            Map.entry("get-request.json", 200),
            Map.entry("get-links.json", 200),
            Map.entry("create-subscription.json", 202),
            Map.entry("create-credit-grant.json", 202),
            Map.entry("provision-opportunity.json", 202));
    private static final String[] ORDER = {"health.json", "register-tenant.json", "issue-token.json", "revoke-token.json",
        "update-tenant.json",
        "put-config.json", "get-config.json", "create-customer.json", "get-request.json", "get-links.json",
        "create-subscription.json", "create-credit-grant.json", "provision-opportunity.json"};

    @Test
    void everySampleEventInvokesItsFunctionThroughTheRuntimeApi() throws Exception {
        LocalSystem system = TestSystem.get();
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(TestSystem.projectRoot().resolve("events"))) {
            list.map(p -> p.getFileName().toString()).forEach(files::add);
        }
        TreeSet<String> covered = new TreeSet<>(EXPECTED_STATUS.keySet());
        covered.add("worker-sqs.json");
        assertEquals(covered, files, "every file in events/ has an expectation here");

        for (String file : ORDER) {
            JsonNode response = invoke(system, file);
            assertEquals(EXPECTED_STATUS.get(file), response.path("statusCode").asInt(), file + ": " + response);
            if (file.equals("create-customer.json")) {
                TestSystem.awaitStatus(Json.read(response.path("body").asText()).path("requestId").asText(), "SUCCEEDED");
            }
            if (file.equals("put-config.json")) {
                assertTrue(response.path("body").asText().contains("stigg-key-rejected"),
                        "the sample key is not the sandbox's: Stigg refuses it before anything is saved");
            }
        }
        JsonNode worker = invoke(system, "worker-sqs.json");
        assertTrue(worker.path("batchItemFailures").isArray() && worker.path("batchItemFailures").isEmpty(),
                "the worker acknowledges a request that is already provisioned: " + worker);
    }

    @Test
    void localInvokeRunsTheFunctionInANewExecutionEnvironment() throws Exception {
        LocalSystem system = TestSystem.get();
        byte[] response = LocalInvoke.invoke(system.template(), system.functionSpec("GetConfigFunction").variables(),
                "GetConfigFunction", TestSystem.event("get-config.json").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = Json.read(new String(response, StandardCharsets.UTF_8));
        assertEquals(200, answer.path("statusCode").asInt(), "a SnapStart function, with LocalInvoke's own credentials "
                + "endpoint: " + answer);
    }

    private static JsonNode invoke(LocalSystem system, String file) throws Exception {
        String event = TestSystem.event(file);
        JsonNode parsed = Json.read(event);
        String function = parsed.has("Records") ? system.template().worker().functionName()
                : system.template().routes().stream()
                        .filter(r -> (r.method() + " " + r.path()).equals(parsed.path("routeKey").asText()))
                        .findFirst().orElseThrow(() -> new AssertionError(file + " names no route of template.yaml"))
                        .functionName();
        return Json.read(new String(system.function(function).invoke(event.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
