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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Speaks like Stigg's GraphQL API over HTTP on 127.0.0.1: checks {@code X-API-KEY}, validates
 * every document against the schema, executes the provisioner's calls with Stigg's semantics per
 * environment, enforces Stigg's rate limits and injects the faults tests ask for. Also the
 * sandbox of the local run: {@code GET /} shows what was provisioned; {@code /__emulator/...}
 * controls it over HTTP.
 *
 * <p>Order of checks for {@code POST /graphql}: key (401), syntax and validation, including
 * variables (400, recorded in {@link #validationFailures()}), then, once per request when its
 * first root field is about to run, the next queued or random fault, then the rate limits of a
 * mutation (429). Faults and limits are therefore consumed only by valid, authenticated calls.
 */
public final class StiggEmulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StiggEmulator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MUTATIONS = Set.of(
            "provisionCustomer", "updateOneCustomer", "provisionSubscription", "provisionSubscriptionV2", "createCreditGrant",
            "updateOneSubscription", "cancelSubscription");
    private static final Set<String> CONTROL_PATHS = Set.of(
            "/__emulator/health", "/__emulator/state", "/__emulator/reset", "/__emulator/faults");
    private static final int THREADS = 64;
    private static final Map<String, Object> RATE_LIMITED = errors("RateLimitExceeded", "Rate limit exceeded");

    /** One GraphQL call as the emulator saw it: never the key, only the environment it belongs to. */
    public record Call(String environment, String operationName, String field, JsonNode variables, int status,
            String errorCode, String fault, Instant at) {}

    /** A document (or its variables) that the schema refused. */
    public record ValidationFailure(String operationName, String query, String errors) {}

    /** What a GraphQL call is answered; status 0 closes the connection without an answer. */
    private record Outcome(int status, Object body, String errorCode, Fault fault, Duration delay) {
        static Outcome of(int status, Object body, String errorCode) {
            return new Outcome(status, body, errorCode, null, Duration.ZERO);
        }
    }

    /** The executable schema, built once per JVM: it holds no state of any emulator. */
    private static final class SharedSchema {
        static final StiggGraphQl GRAPHQL = new StiggGraphQl();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final StiggGraphQl graphQl = SharedSchema.GRAPHQL;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, EmulatedEnvironment> environments = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<ValidationFailure> validationFailures = new ArrayList<>();
    private final Faults faults = new Faults();
    private final RateLimiter rateLimiter;
    private final WebhookSender webhooks = new WebhookSender();
    private final Map<String, String> linkedPages = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;

    private StiggEmulator(int port, Clock clock) throws IOException {
        rateLimiter = new RateLimiter(clock);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "stigg-emulator-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/graphql", this::graphql);
        server.createContext("/__emulator/", this::control);
        server.createContext("/", this::page);
        server.start();
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static StiggEmulator start(int port) throws IOException {
        return new StiggEmulator(port, Clock.systemUTC());
    }

    /** The same, with the rate limits' windows measured by {@code clock} (tests move it by hand). */
    public static StiggEmulator start(int port, Clock clock) throws IOException {
        return new StiggEmulator(port, clock);
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

    /** Calls with this {@code X-API-KEY} act in the environment {@code environmentSlug} (created if absent). */
    public void addApiKey(String apiKey, String environmentSlug) {
        keys.put(apiKey, environmentSlug);
        env(environmentSlug);
    }

    public void removeApiKey(String apiKey) {
        keys.remove(apiKey);
    }

    /** The environment with this slug, created empty if absent. */
    public EmulatedEnvironment env(String slug) {
        return environments.computeIfAbsent(slug, created -> {
            EmulatedEnvironment environment = new EmulatedEnvironment(created);
            environment.sendEventsTo(webhooks);
            return environment;
        });
    }

    /** Another page the sandbox page links to (the Salesforce side of the sync). */
    public void linkPage(String label, String url) {
        linkedPages.put(label, url);
    }

    /** The webhooks each environment sends when its subscriptions and customers change. */
    public WebhookSender webhooks() {
        return webhooks;
    }

    public void seedDemoCatalog(String slug) {
        env(slug).seedDemoCatalog();
    }

    /** Stigg's limits, scaled for tests: writes per entity and per operation in a sliding window (see {@link RateLimiter}). */
    public void setRateLimits(int perEntity, int perOperation, Duration window) {
        rateLimiter.configure(perEntity, perOperation, window);
    }

    /** Added to every answer of {@code /graphql}. */
    public void setLatency(Duration latency) {
        this.latency = latency == null ? Duration.ZERO : latency;
    }

    /** The next {@code count} GraphQL calls (any root field) get {@code fault}. */
    public void failNext(int count, Fault fault) {
        faults.queue(null, count, fault);
    }

    /** The next {@code count} calls of one root field (e.g. {@code createCreditGrant}) get {@code fault}; they go before {@link #failNext(int, Fault)}'s. */
    public void failNext(String operationFieldName, int count, Fault fault) {
        faults.queue(operationFieldName, count, fault);
    }

    /** Each call without a queued fault gets one of {@code choices} with this probability (chaos runs); 0 turns it off. */
    public void setRandomFaults(double probability, long seed, Fault... choices) {
        faults.random(probability, seed, choices);
    }

    /** How many queued faults no call has taken yet: a call takes its fault before it is delayed or answered. */
    public int queuedFaults() {
        return faults.queued();
    }

    /** Forgets queued and random faults and the latency. */
    public void clearFaults() {
        faults.clear();
        latency = Duration.ZERO;
    }

    /** Forgets data, calls, validation failures, rate-limit windows and faults; keeps keys and catalogs. */
    public void reset() {
        environments.values().forEach(EmulatedEnvironment::clearData);
        synchronized (calls) {
            calls.clear();
        }
        synchronized (validationFailures) {
            validationFailures.clear();
        }
        rateLimiter.clear();
        clearFaults();
    }

    // ---- inspection ----

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<ValidationFailure> validationFailures() {
        synchronized (validationFailures) {
            return List.copyOf(validationFailures);
        }
    }

    /** Calls per root field (e.g. {@code provisionCustomer -> 3}), whatever their outcome. */
    public Map<String, Long> callCounts() {
        return calls().stream().filter(c -> c.field() != null)
                .collect(Collectors.groupingBy(Call::field, TreeMap::new, Collectors.counting()));
    }

    /** Everything provisioned, per environment, as JSON: catalog, customers, subscriptions, credit grants. */
    public ObjectNode state() {
        ObjectNode state = JSON.createObjectNode();
        new TreeMap<>(environments).forEach((slug, env) -> {
            ObjectNode node = state.putObject(slug);
            node.set("catalog", env.catalog());
            node.set("customers", JSON.valueToTree(env.customers()));
            node.set("subscriptions", JSON.valueToTree(env.subscriptions()));
            node.set("creditGrants", JSON.valueToTree(env.creditGrants()));
        });
        return state;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
    }

    // ---- POST /graphql ----

    private void graphql(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("message", "POST only"));
                return;
            }
            Instant at = Instant.now();
            GraphQlRequest request = GraphQlRequest.read(exchange.getRequestBody().readAllBytes());
            String apiKey = exchange.getRequestHeaders().getFirst("X-API-KEY");
            String slug = apiKey == null ? null : keys.get(apiKey);
            Outcome outcome = slug == null ? Outcome.of(401, errors("Unauthenticated", "Unauthenticated"), "Unauthenticated")
                    : execute(slug, request);
            pause(latency.plus(outcome.delay()));
            record(new Call(slug, request.operationLabel(), request.field(), request.variables(), outcome.status(),
                    outcome.errorCode(), outcome.fault() == null ? null : outcome.fault().label(), at));
            if (outcome.status() != 0) {
                send(exchange, outcome.status(), outcome.body());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emulator failed to answer a GraphQL call", e);
        }
    }

    private Outcome execute(String slug, GraphQlRequest request) {
        if (request.field() == null) {
            return refuse(request, request.refusalCode(), request.refusal());
        }
        Admission admission = new Admission(slug);
        ExecutionResult result = graphQl.execute(request.query(), request.operationName(), request.plainVariables(),
                env(slug), admission);
        List<GraphQLError> invalid = result.getErrors().stream().filter(StiggEmulator::isValidationError).toList();
        if (!invalid.isEmpty()) {
            return refuse(request, "GRAPHQL_VALIDATION_FAILED",
                    invalid.stream().map(GraphQLError::getMessage).collect(Collectors.joining("; ")));
        }
        return admission.outcome(result);
    }

    private Outcome refuse(GraphQlRequest request, String code, String message) {
        synchronized (validationFailures) {
            validationFailures.add(new ValidationFailure(request.operationLabel(), request.query(), message));
        }
        LOG.fine(() -> "refused document " + request.operationLabel() + ": " + message);
        return Outcome.of(400, errors(code, message), code);
    }

    private static boolean isValidationError(GraphQLError error) {
        ErrorClassification type = error.getErrorType();
        return type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax;
    }

    /**
     * The gate of one request: at its first root field, takes the next fault and, for a mutation
     * applied, counts it against the rate limits; then tells how the request is answered.
     */
    private final class Admission implements StiggGraphQl.Gate {
        private final String slug;
        private boolean decided;
        private Fault fault;
        private boolean rateLimited;

        Admission(String slug) {
            this.slug = slug;
        }

        @Override
        public synchronized void admit(String field, Map<String, Object> input) {
            if (!decided) {
                decided = true;
                fault = faults.next(field);
                boolean applies = fault == null || fault.applies();
                rateLimited = applies && MUTATIONS.contains(field)
                        && !rateLimiter.tryAcquire(slug, field, entitiesOf(field, input));
            }
            if (rateLimited) {
                throw new StiggError("RateLimitExceeded", "Rate limit exceeded");
            }
            if (fault != null && fault.kind() == Fault.Kind.GRAPHQL_ERROR) {
                throw new StiggError(fault.code(), fault.message());
            }
            if (fault != null && !fault.applies()) {
                throw new StiggError("InjectedFault", fault.label());
            }
        }

        synchronized Outcome outcome(ExecutionResult result) {
            if (rateLimited) {
                return Outcome.of(429, RATE_LIMITED, "RateLimitExceeded");
            }
            String code = errorCode(result);
            if (fault == null) {
                return Outcome.of(200, result.toSpecification(), code);
            }
            LOG.fine(() -> "injecting " + fault.label());
            return switch (fault.kind()) {
                case HTTP_STATUS -> fault.httpStatus() == 429
                        ? injected(429, RATE_LIMITED, "RateLimitExceeded")
                        : injected(fault.httpStatus(), Map.of("message", "injected HTTP " + fault.httpStatus()), null);
                case GRAPHQL_ERROR, SLOW -> new Outcome(200, result.toSpecification(), code, fault, fault.delay());
                case DROP_CONNECTION -> injected(0, null, null);
                case APPLY_THEN_DROP -> injected(0, null, code);
                case APPLY_THEN_500 -> injected(500, Map.of("message", "injected HTTP 500 after applying"), code);
            };
        }

        private Outcome injected(int status, Object body, String code) {
            return new Outcome(status, body, code, fault, Duration.ZERO);
        }
    }

    /** The customer and subscription a write touches, for the per-entity limit. */
    private static List<String> entitiesOf(String field, Map<String, Object> input) {
        boolean subscription = field.startsWith("provisionSubscription");
        List<String> entities = new ArrayList<>();
        if (field.equals("updateOneSubscription") || field.equals("cancelSubscription")) {
            Object id = firstNonNull(input.get("subscriptionId"), input.get("subscriptionRefId"));
            return id == null ? entities : List.of("subscription:" + id);
        }
        Object customer = subscription ? input.get("customerId") : firstNonNull(input.get("customerId"), input.get("refId"));
        if (customer != null) {
            entities.add("customer:" + customer);
        }
        Object subscriptionId = firstNonNull(input.get("subscriptionId"), input.get("refId"));
        if (subscription && subscriptionId != null) {
            entities.add("subscription:" + subscriptionId);
        }
        return entities;
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }

    private static String errorCode(ExecutionResult result) {
        if (result.getErrors().isEmpty()) {
            return null;
        }
        GraphQLError first = result.getErrors().get(0);
        Object code = first.getExtensions() == null ? null : first.getExtensions().get("code");
        return code != null ? code.toString() : String.valueOf(first.getErrorType());
    }

    private void record(Call call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    // ---- /__emulator/... and / ----

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                controlRoute(exchange);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Map.of("message", String.valueOf(e.getMessage())));
            }
        }
    }

    private void controlRoute(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (exchange.getRequestMethod() + " " + path) {
            case "GET /__emulator/health" -> send(exchange, 200, Map.of("status", "ok"));
            case "GET /__emulator/state" -> send(exchange, 200, state());
            case "POST /__emulator/reset" -> {
                reset();
                send(exchange, 200, Map.of("reset", true));
            }
            case "POST /__emulator/faults" -> queueFault(exchange);
            case "DELETE /__emulator/faults" -> {
                clearFaults();
                send(exchange, 200, Map.of("cleared", true));
            }
            default -> send(exchange, CONTROL_PATHS.contains(path) ? 405 : 404, Map.of("message", "no such control route"));
        }
    }

    private void queueFault(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON");
        }
        if (body == null || !body.path("fault").isTextual()) {
            throw new IllegalArgumentException("fault is required");
        }
        Fault fault = Fault.parse(body.get("fault").asText(), body.path("delayMs").asLong(0),
                body.path("code").asText(null), body.path("message").asText(null));
        int count = body.path("count").asInt(1);
        String operation = body.path("operation").asText(null);
        faults.queue(operation, count, fault);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queued", count);
        answer.put("fault", fault.label());
        answer.put("operation", operation);
        send(exchange, 200, answer);
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !(path.equals("/") || path.equals("/index.html"))) {
                send(exchange, 404, Map.of("message", "not found"));
                return;
            }
            byte[] html = SandboxPage.render(environments, webhooks.deliveries(), linkedPages).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        }
    }

    private static Map<String, Object> errors(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", Map.of("code", code));
        return Map.of("errors", List.of(Collections.unmodifiableMap(error)));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
