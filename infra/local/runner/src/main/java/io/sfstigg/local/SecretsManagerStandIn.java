package io.sfstigg.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Used only where {@code moto_server} is absent: the few Secrets Manager calls the functions make
 * (CreateSecret, PutSecretValue, GetSecretValue, DescribeSecret, DeleteSecret) over the same JSON
 * protocol, in memory, so the functions still go through the real AWS SDK client.
 */
public final class SecretsManagerStandIn implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, String> arns = new ConcurrentHashMap<>();

    public SecretsManagerStandIn(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            String operation = target.substring(target.indexOf('.') + 1);
            String id = request.path(operation.equals("CreateSecret") ? "Name" : "SecretId").asText();
            String name = arns.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                    .findFirst().orElse(id);
            ObjectNode response = Json.object();
            switch (operation) {
                case "CreateSecret" -> {
                    if (values.putIfAbsent(name, request.path("SecretString").asText()) != null) {
                        error(exchange, "ResourceExistsException", "the secret " + name + " exists");
                        return;
                    }
                    arns.put(name, "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-"
                            + UUID.randomUUID().toString().substring(0, 6));
                    response.put("Name", name).put("ARN", arns.get(name));
                }
                case "PutSecretValue" -> {
                    if (values.replace(name, request.path("SecretString").asText()) == null) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                        return;
                    }
                    response.put("Name", name).put("ARN", arns.get(name)).put("VersionId", UUID.randomUUID().toString());
                }
                case "GetSecretValue" -> {
                    String value = values.get(name);
                    if (value == null) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                        return;
                    }
                    response.put("Name", name).put("ARN", arns.get(name)).put("SecretString", value);
                }
                case "DescribeSecret" -> {
                    if (!values.containsKey(name)) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                        return;
                    }
                    response.put("Name", name).put("ARN", arns.get(name));
                }
                case "DeleteSecret" -> {
                    values.remove(name);
                    response.put("Name", name).put("ARN", arns.remove(name));
                }
                default -> {
                    error(exchange, "InvalidRequestException", "the stand-in does not implement " + operation);
                    return;
                }
            }
            write(exchange, 200, Json.write(response));
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        write(exchange, 400, Json.write(Json.object().put("__type", type).put("message", message)));
    }

    private static void write(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
