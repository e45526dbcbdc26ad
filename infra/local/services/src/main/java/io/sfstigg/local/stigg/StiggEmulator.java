package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Speaks like Stigg's GraphQL API over HTTP on 127.0.0.1: checks {@code X-API-KEY}, executes the
 * provisioner's calls with Stigg's semantics against the schema, enforces Stigg's rate limits,
 * and injects the faults tests ask for. Also the sandbox of the local run: {@code GET /} shows
 * what was provisioned.
 */
public final class StiggEmulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StiggEmulator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> MUTATIONS = java.util.Set.of(
            "provisionCustomer", "updateOneCustomer", "provisionSubscription", "provisionSubscriptionV2", "createCreditGrant");

    /** One GraphQL call as the emulator saw it (never the key: only the environment it belongs to). */
    public record Call(String environment, String operationName, String field, JsonNode variables, int status,
            String errorCode, String fault, Instant at) {}

    public record ValidationFailure(String operationName, String query, String errors) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final StiggGraphQl graphQl = new StiggGraphQl();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, EmulatedEnvironment> environments = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ValidationFailure> validationFailures = new CopyOnWriteArrayList<>();
    private final Deque<Fault> anyFaults = new ArrayDeque<>();
    private final Map<String, Deque<Fault>> fieldFaults = new HashMap<>();
    private final RateLimiter rateLimiter = new RateLimiter();
    private volatile Duration latency = Duration.ZERO;
    private volatile double randomFaultProbability;
    private volatile Fault[] randomFaults = new Fault[0];
    private Random random = new Random(0);

    private StiggEmulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        executor = Executors.newFixedThreadPool(64, r -> {
            Thread thread = new Thread(r, "stigg-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/graphql", this::graphql);
        server.createContext("/__emulator/", this::control);
        server.createContext("/", this::page);
        server.start();
    }

    public static StiggEmulator start(int port) throws IOException {
        return new StiggEmulator(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String graphqlUrl() {
        return baseUrl() + "/graphql";
    }

    // ---- configuration ----

    public void addApiKey(String apiKey, String environmentSlug) {
        keys.put(apiKey, environmentSlug);
        env(environmentSlug);
    }

    public void removeApiKey(String apiKey) {
        keys.remove(apiKey);
    }

    public EmulatedEnvironment env(String slug) {
        return environments.computeIfAbsent(slug, EmulatedEnvironment::new);
    }

    public void seedDemoCatalog(String slug) {
        env(slug).seedDemoCatalog();
    }

    /** Stigg's limits, scaled for tests: writes per entity and per operation in each window. */
    public void setRateLimits(int perEntity, int perOperation, Duration window) {
        rateLimiter.configure(perEntity, perOperation, window);
    }

    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    /** The next {@code count} GraphQL calls (any operation) get {@code fault}. */
    public synchronized void failNext(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            anyFaults.add(fault);
        }
    }

    /** The next {@code count} calls of one root field (e.g. {@code createCreditGrant}) get {@code fault}. */
    public synchronized void failNext(String field, int count, Fault fault) {
        Deque<Fault> queue = fieldFaults.computeIfAbsent(field, f -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    /** Each call gets one of {@code choices} with this probability (chaos runs); 0 turns it off. */
    public synchronized void setRandomFaults(double probability, long seed, Fault... choices) {
        this.random = new Random(seed);
        this.randomFaultProbability = probability;
        this.randomFaults = choices.clone();
    }

    public synchronized void clearFaults() {
        anyFaults.clear();
        fieldFaults.clear();
        randomFaultProbability = 0;
        latency = Duration.ZERO;
    }

    /** Forgets data, calls and faults; keeps keys and catalogs. */
    public void reset() {
        environments.values().forEach(EmulatedEnvironment::clearData);
        calls.clear();
        validationFailures.clear();
        rateLimiter.clear();
        clearFaults();
    }

    // ---- inspection ----

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<ValidationFailure> validationFailures() {
        return List.copyOf(validationFailures);
    }

    // ---- HTTP ----

    private void graphql(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, Map.of("errors", List.of(Map.of("message", "POST only"))));
                return;
            }
            JsonNode body = readJson(exchange);
            String query = body.path("query").asText("");
            String operationName = body.path("operationName").asText(null);
            JsonNode variables = body.path("variables").isObject() ? body.get("variables") : JSON.createObjectNode();
            String slug = keys.get(String.valueOf(exchange.getRequestHeaders().getFirst("X-API-KEY")));
            String field = rootField(query, operationName);
            if (slug == null) {
                record(null, operationName, field, variables, 401, "Unauthenticated", null);
                respond(exchange, 401, error("Unauthenticated", "Unauthenticated"));
                return;
            }
            if (field == null) {
                validationFailures.add(new ValidationFailure(operationName, query, "unparseable document"));
                record(slug, operationName, null, variables, 400, "GRAPHQL_PARSE_FAILED", null);
                respond(exchange, 400, error("GRAPHQL_PARSE_FAILED", "the document could not be parsed"));
                return;
            }
            serve(exchange, slug, operationName, field, query, variables);
        }
    }

    private void serve(HttpExchange exchange, String slug, String operationName, String field, String query,
            JsonNode variables) throws IOException {
        Fault fault = nextFault(field);
        String label = fault == null ? null : fault.label();
        if (fault != null && fault.kind() == Fault.Kind.HTTP_STATUS) {
            int status = Integer.parseInt(fault.code());
            record(slug, operationName, field, variables, status, status == 429 ? "RateLimitExceeded" : null, label);
            respond(exchange, status, status == 429 ? error("RateLimitExceeded", "Rate limit exceeded")
                    : Map.of("message", "injected HTTP " + status));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.GRAPHQL_ERROR) {
            record(slug, operationName, field, variables, 200, fault.code(), label);
            respond(exchange, 200, error(fault.code(), fault.message()));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.DROP_CONNECTION) {
            record(slug, operationName, field, variables, 0, null, label);
            return;
        }
        if (MUTATIONS.contains(field) && !rateLimiter.tryAcquire(field, entityOf(field, variables))) {
            record(slug, operationName, field, variables, 429, "RateLimitExceeded", null);
            respond(exchange, 429, error("RateLimitExceeded", "Rate limit exceeded"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plainVariables = JSON.convertValue(variables, Map.class);
        ExecutionResult result = graphQl.execute(query, operationName, plainVariables, env(slug));
        List<GraphQLError> errors = result.getErrors();
        if (errors.stream().anyMatch(StiggEmulator::isValidationError)) {
            validationFailures.add(new ValidationFailure(operationName, query, errors.toString()));
            record(slug, operationName, field, variables, 400, "GRAPHQL_VALIDATION_FAILED", label);
            respond(exchange, 400, error("GRAPHQL_VALIDATION_FAILED", errors.get(0).getMessage()));
            return;
        }
        String code = errors.isEmpty() ? null : String.valueOf(errors.get(0).getExtensions().get("code"));
        if (fault != null && fault.kind() == Fault.Kind.APPLY_THEN_DROP) {
            record(slug, operationName, field, variables, 0, code, label);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.APPLY_THEN_500) {
            record(slug, operationName, field, variables, 500, code, label);
            respond(exchange, 500, Map.of("message", "injected HTTP 500 after applying"));
            return;
        }
        Duration delay = latency.plus(fault != null && fault.kind() == Fault.Kind.SLOW ? fault.delay() : Duration.ZERO);
        pause(delay);
        record(slug, operationName, field, variables, 200, code, label);
        respond(exchange, 200, result.toSpecification());
    }

    private static boolean isValidationError(GraphQLError error) {
        ErrorClassification type = error.getErrorType();
        return type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax;
    }

    /** The customer or subscription a write touches, for the per-entity limit. */
    private static String entityOf(String field, JsonNode variables) {
        JsonNode input = variables.path("input");
        if (field.startsWith("provisionSubscription") && input.hasNonNull("subscriptionId")) {
            return "subscription:" + input.get("subscriptionId").asText();
        }
        return input.hasNonNull("customerId") ? "customer:" + input.get("customerId").asText() : null;
    }

    private synchronized Fault nextFault(String field) {
        Deque<Fault> own = fieldFaults.get(field);
        if (own != null && !own.isEmpty()) {
            return own.poll();
        }
        if (!anyFaults.isEmpty()) {
            return anyFaults.poll();
        }
        if (randomFaultProbability > 0 && randomFaults.length > 0 && random.nextDouble() < randomFaultProbability) {
            return randomFaults[random.nextInt(randomFaults.length)];
        }
        return null;
    }

    private static String rootField(String query, String operationName) {
        try {
            Document document = Parser.parse(query);
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            OperationDefinition operation = operations.stream()
                    .filter(o -> operationName == null || operationName.equals(o.getName()))
                    .findFirst().orElse(operations.isEmpty() ? null : operations.get(0));
            if (operation == null) {
                return null;
            }
            return operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                    .map(Field::getName).findFirst().orElse(null);
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }

    private void record(String slug, String operationName, String field, JsonNode variables, int status,
            String errorCode, String fault) {
        calls.add(new Call(slug, operationName, field, variables.deepCopy(), status, errorCode, fault, Instant.now()));
        if (fault != null) {
            LOG.fine(() -> "injected " + fault + " into " + field);
        }
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/__emulator/health" -> respond(exchange, 200, Map.of("status", "ok"));
                case "/__emulator/state" -> respond(exchange, 200, state());
                case "/__emulator/reset" -> {
                    reset();
                    respond(exchange, 200, Map.of("reset", true));
                }
                case "/__emulator/faults" -> {
                    JsonNode body = readJson(exchange);
                    Fault fault = Fault.parse(body.path("fault").asText(), body.path("delayMs").asLong(0),
                            body.path("code").asText(null), body.path("message").asText(null));
                    int count = body.path("count").asInt(1);
                    if (body.hasNonNull("operation")) {
                        failNext(body.get("operation").asText(), count, fault);
                    } else {
                        failNext(count, fault);
                    }
                    respond(exchange, 200, Map.of("queued", count, "fault", fault.label()));
                }
                default -> respond(exchange, 404, Map.of("message", "unknown control path"));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, Map.of("message", e.getMessage()));
        }
    }

    /** Everything provisioned, per environment, as JSON. */
    public ObjectNode state() {
        ObjectNode state = JSON.createObjectNode();
        environments.forEach((slug, env) -> {
            ObjectNode node = state.putObject(slug);
            node.set("customers", JSON.valueToTree(env.customers()));
            node.set("subscriptions", JSON.valueToTree(env.subscriptions()));
            node.set("creditGrants", JSON.valueToTree(env.creditGrants()));
        });
        return state;
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] html = SandboxPage.render(environments).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        }
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", Map.of("code", code));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(error));
        body.put("data", null);
        return body;
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static List<String> sortedSlugs(Map<String, EmulatedEnvironment> environments) {
        List<String> slugs = new ArrayList<>(environments.keySet());
        slugs.sort(String::compareTo);
        return slugs;
    }
}
