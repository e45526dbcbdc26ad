package io.sfstigg.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway HTTP API on 127.0.0.1: matches the template's routes, turns each request into a
 * payload v2 event, invokes the route's function and writes its response back, as
 * {@code sam local start-api} does without Docker.
 */
public final class LocalGateway implements AutoCloseable {
    private static final Log LOG = Log.of(LocalGateway.class);
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<BoundRoute> routes = new ArrayList<>();

    private record BoundRoute(String method, String path, Pattern pattern, List<String> names, LambdaFunction function) {}

    public LocalGateway(int port, Map<TemplateModel.Route, LambdaFunction> functions) throws IOException {
        functions.forEach((route, function) -> routes.add(bind(route, function)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        executor = Executors.newFixedThreadPool(64, r -> {
            Thread thread = new Thread(r, "local-gateway");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static BoundRoute bind(TemplateModel.Route route, LambdaFunction function) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(route.path().substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(route.path().substring(last))).append("$");
        return new BoundRoute(route.method(), route.path(), Pattern.compile(regex.toString()), names, function);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            for (BoundRoute route : routes) {
                Matcher matcher = route.pattern().matcher(path);
                if (route.method().equals(method) && matcher.matches()) {
                    invoke(exchange, route, matcher);
                    return;
                }
            }
            write(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}".getBytes());
        }
    }

    private void invoke(HttpExchange exchange, BoundRoute route, Matcher matcher) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ObjectNode event = event(exchange, route, matcher, body);
        byte[] response;
        try {
            response = route.function().invoke(Json.write(event).getBytes(StandardCharsets.UTF_8));
        } catch (Exception | Error e) {
            LOG.error("function failed", e, "function", route.function().name());
            write(exchange, 500, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode result = Json.MAPPER.readTree(response);
        Map<String, String> headers = new LinkedHashMap<>();
        result.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String text = result.path("body").asText("");
        byte[] out = result.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        write(exchange, result.path("statusCode").asInt(200), headers, out);
    }

    private ObjectNode event(HttpExchange exchange, BoundRoute route, Matcher matcher, byte[] body) {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        ObjectNode headers = Json.object();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        headers.put("x-forwarded-proto", "http");
        String host = headers.path("host").asText("127.0.0.1:" + port());
        String routeKey = route.method() + " " + route.path();
        ObjectNode event = Json.object()
                .put("version", "2.0")
                .put("routeKey", routeKey)
                .put("rawPath", path)
                .put("rawQueryString", query == null ? "" : query);
        event.set("headers", headers);
        ObjectNode parameters = event.putObject("pathParameters");
        for (int i = 0; i < route.names().size(); i++) {
            parameters.put(route.names().get(i),
                    java.net.URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
        }
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", "000000000000")
                .put("apiId", "local")
                .put("domainName", host)
                .put("domainPrefix", "local")
                .put("requestId", UUID.randomUUID().toString())
                .put("routeKey", routeKey)
                .put("stage", "$default")
                .put("time", Instant.now().toString())
                .put("timeEpoch", System.currentTimeMillis());
        context.putObject("http")
                .put("method", route.method())
                .put("path", path)
                .put("protocol", exchange.getProtocol())
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress())
                .put("userAgent", headers.path("user-agent").asText(""));
        if (body.length > 0) {
            boolean text = isText(headers.path("content-type").asText(""));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.contains("json") || type.startsWith("text/") || type.contains("xml")
                || type.contains("x-www-form-urlencoded");
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        boolean empty = body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
