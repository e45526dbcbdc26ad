package io.sfstigg.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container credentials endpoint that Lambda gives SnapStart functions instead of key
 * variables: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} points here, and each execution
 * environment presents its own {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. Unknown or missing
 * tokens are refused. It also issues the session credentials that non-SnapStart functions get
 * as variables, so every function runs with credentials the local system made up.
 */
public final class CredentialsEndpoint implements AutoCloseable {
    public static final String PATH = "/2021-04-23/credentials";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> functionByToken = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> servedByFunction = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final String accessKeyId = "ASIALOCAL" + random(6).toUpperCase();
    private final String secretAccessKey = random(20);
    private final String sessionToken = random(32);

    public CredentialsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "credentials-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(PATH, this::serve);
        server.start();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** A new authorization token for one execution environment of this function. */
    public String issueToken(String function) {
        String token = random(24);
        functionByToken.put(token, function);
        return token;
    }

    public void revoke(String token) {
        functionByToken.remove(token);
    }

    /** How many times credentials were served to environments of this function. */
    public int served(String function) {
        AtomicInteger count = servedByFunction.get(function);
        return count == null ? 0 : count.get();
    }

    /** Requests refused for a missing or unknown token. */
    public int refused() {
        return refused.get();
    }

    /** The variables Lambda gives a function without SnapStart. */
    public Map<String, String> keyVariables() {
        return Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey,
                "AWS_SESSION_TOKEN", sessionToken);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            String function = token == null ? null : functionByToken.get(token);
            if (!"GET".equals(exchange.getRequestMethod()) || function == null) {
                refused.incrementAndGet();
                write(exchange, 403, "{\"message\":\"invalid authorization token\"}");
                return;
            }
            servedByFunction.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
            Instant expiration = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
            write(exchange, 200, Json.write(Map.of("AccessKeyId", accessKeyId, "SecretAccessKey", secretAccessKey,
                    "Token", sessionToken, "Expiration", expiration.toString())));
        }
    }

    private static void write(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
