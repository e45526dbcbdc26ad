package io.sfstigg.local;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sfstigg.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment: a JVM process running the open-source runtime interface
 * client ({@code AWSLambda}) with the function's handler, fed through a Lambda Runtime API that
 * this class serves on 127.0.0.1 (invocation next/response/error, init error, and SnapStart's
 * restore next/error). The process gets the environment Lambda gives a function and nothing of
 * the runner's. One invocation at a time; past its deadline the process is killed and the
 * invocation fails as Lambda reports it. A process that exits fails its invocation, and the
 * environment is done.
 */
final class ExecutionEnvironment implements AutoCloseable {
    private static final String API = "/2018-06-01/runtime";
    /** Lambda's limit on the init phase; past it, init is retried within the invocation's own timeout. */
    private static final long INIT_LIMIT_MILLIS = 10_000;
    private static final String RUNTIME_CLASSPATH = runtimeClasspath();
    private static final Path NATIVE_CLIENT = nativeClient();

    static {
        useNoDelay();
    }

    /**
     * The JDK's HTTP server writes a response's headers and body separately without TCP_NODELAY:
     * on loopback each exchange then waits out the peer's delayed acknowledgement (about 40 ms).
     * Read once, when the first server of this JVM starts.
     */
    static void useNoDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final FunctionSpec spec;
    private final FunctionLogs logs;
    private final CredentialsEndpoint credentials;
    private final String credentialsToken;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Process process;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final long startedNanos = System.nanoTime();
    private final List<Long> durationsMicros = new ArrayList<>();
    private volatile Invocation current;
    private volatile boolean killed;
    private volatile FunctionError death;
    private volatile Instant restoredAt;
    private volatile Instant firstDeliveredAt;
    /** Completed when the runtime first asks for an invocation: init (and a SnapStart restore) is done. */
    private final java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
    private volatile long firstResponseNanos;

    /** An invocation as the Runtime API hands it out: its id, event, deadline (set at delivery) and outcome. */
    private static final class Invocation {
        final String id = UUID.randomUUID().toString();
        final byte[] event;
        final CompletableFuture<Void> delivered = new CompletableFuture<>();
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        volatile long deadlineMillis;
        volatile long deliveredNanos;

        Invocation(byte[] event) {
            this.event = event;
        }

        void fail(FunctionError error) {
            delivered.completeExceptionally(error);
            result.completeExceptionally(error);
        }
    }

    ExecutionEnvironment(FunctionSpec spec, Path taskRoot, CredentialsEndpoint credentials, FunctionLogs logs)
            throws IOException {
        this.spec = spec;
        this.logs = logs;
        this.credentials = credentials;
        this.credentialsToken = spec.snapStart() ? credentials.issueToken(spec.name()) : null;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "runtime-api-" + spec.name());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(API + "/", this::serve);
        server.start();
        ProcessBuilder builder = new ProcessBuilder(command()).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(taskRoot));
        try {
            process = builder.start();
        } catch (IOException e) {
            close();
            throw e;
        }
        pump(process.getInputStream(), "stdout");
        pump(process.getErrorStream(), "stderr");
        process.onExit().thenRun(this::exited);
    }

    /** The command line Lambda's Java runtime starts: heap from the memory size, the runtime's own class path. */
    private List<String> command() {
        long heapKb = spec.memorySize() * 1024L * 85 / 100;
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxHeapSize=" + heapKb + "k", "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + NATIVE_CLIENT,
                "-classpath", RUNTIME_CLASSPATH, AWSLambda.class.getName(), spec.handler());
    }

    /** Exactly what Lambda and the template give the function, starting from nothing. */
    Map<String, String> environment(Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>(spec.variables());
        String version = spec.snapStart() ? "1" : "$LATEST";
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[" + version + "]" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 16));
        env.put("_HANDLER", spec.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", Path.of(RUNTIME_CLASSPATH.split(java.io.File.pathSeparator)[0]).getParent().toString());
        if (spec.snapStart()) {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentialsToken);
        } else {
            env.putAll(credentials.keyVariables());
        }
        spec.replacements().forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        return env;
    }

    /** The runtime interface client and what it needs, from this JVM's own class path, in Lambda's order. */
    private static String runtimeClasspath() {
        List<String> jars = new ArrayList<>();
        for (Class<?> type : List.of(com.amazonaws.services.lambda.runtime.Context.class, AWSLambda.class,
                com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class)) {
            try {
                jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
            }
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    /**
     * The runtime client's JNI library, unpacked once, as Lambda's runtime keeps it in its own
     * directory: left to itself, each process would unpack it to the same /tmp file, and
     * environments starting together would load each other's half-written copy.
     */
    private static Path nativeClient() {
        String arch = System.getProperty("os.arch");
        String name = "libaws-lambda-jni.linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64")
                + ".so";
        try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the runtime interface client has no " + name);
            }
            Path dir = java.nio.file.Files.createTempDirectory("lambda-runtime-");
            dir.toFile().deleteOnExit();
            Path library = dir.resolve(name);
            java.nio.file.Files.copy(in, library);
            library.toFile().deleteOnExit(); // deleted before its directory: in reverse order of registration
            return library;
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack the runtime interface client's native library", e);
        }
    }

    private void pump(InputStream stream, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    logs.append(spec.name(), line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, spec.name() + "-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until init is done and the runtime waits for its first invocation; false if it died or took too long. */
    boolean awaitReady(Duration limit) throws InterruptedException {
        try {
            ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return alive();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    boolean alive() {
        return !killed && death == null && process.isAlive();
    }

    /**
     * Runs one invocation; with {@code dieAfterAnswering} the process is killed as soon as the
     * function has answered, before the answer is handed back (chaos: the environment dies and
     * the answer is lost).
     */
    byte[] invoke(byte[] event, boolean dieAfterAnswering) throws InterruptedException {
        Invocation invocation = new Invocation(event);
        FunctionError dead = death;
        if (dead != null) {
            throw dead;
        }
        pending.add(invocation);
        long timeoutMillis = spec.timeoutSeconds() * 1000L;
        try {
            invocation.delivered.get(INIT_LIMIT_MILLIS + timeoutMillis, TimeUnit.MILLISECONDS);
            long remaining = Math.max(1, invocation.deadlineMillis - System.currentTimeMillis());
            byte[] response = invocation.result.get(remaining, TimeUnit.MILLISECONDS);
            if (dieAfterAnswering) {
                kill();
                throw exitError(invocation.id, "signal: killed");
            }
            return response;
        } catch (TimeoutException e) {
            kill();
            String seconds = String.format(Locale.ROOT, "%.2f", spec.timeoutSeconds() * 1.0);
            logs.append(spec.name(), Instant.now() + " " + invocation.id + " Task timed out after " + seconds + " seconds");
            throw new FunctionError(spec.name(), "Sandbox.Timedout",
                    "RequestId: " + invocation.id + " Error: Task timed out after " + seconds + " seconds");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionError error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pending.remove(invocation);
            if (current == invocation) {
                current = null;
            }
        }
    }

    private FunctionError exitError(String requestId, String reason) {
        return new FunctionError(spec.name(), "Runtime.ExitError",
                "RequestId: " + requestId + " Error: Runtime exited with error: " + reason);
    }

    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    private void exited() {
        String reason = killed ? "signal: killed" : "exit status " + process.exitValue();
        Invocation running = current;
        FunctionError error = exitError(running != null ? running.id : "-", reason);
        if (death == null) {
            death = error;
        }
        if (running != null) {
            running.fail(error);
        }
        Invocation waiting;
        while ((waiting = pending.poll()) != null) {
            waiting.fail(exitError(waiting.id, reason));
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/response")) {
                response(exchange, path.substring("/invocation/".length(), path.length() - "/response".length()));
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/error")) {
                invocationError(exchange, path.substring("/invocation/".length(), path.length() - "/error".length()));
            } else if (method.equals("POST") && (path.equals("/init/error") || path.equals("/restore/error"))) {
                initError(exchange, path);
            } else if (method.equals("GET") && path.equals("/restore/next") && spec.snapStart()) {
                restoredAt = Instant.now();
                logs.append(spec.name(), "RESTORE: the snapshot is taken and restored; afterRestore hooks run next");
                write(exchange, 200, Map.of(), new byte[0]);
            } else {
                write(exchange, 404, Map.of(), error("UnknownPath", method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        ready.complete(null);
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(exchange, 500, Map.of(), error("Runtime.Shutdown", "the environment is shutting down"));
            return;
        }
        long now = System.currentTimeMillis();
        invocation.deadlineMillis = now + spec.timeoutSeconds() * 1000L;
        invocation.deliveredNanos = System.nanoTime();
        current = invocation;
        if (firstDeliveredAt == null) {
            firstDeliveredAt = Instant.now();
        }
        logs.append(spec.name(), "START RequestId: " + invocation.id + " Version: " + (spec.snapStart() ? "1" : "$LATEST"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Lambda-Runtime-Aws-Request-Id", invocation.id);
        headers.put("Lambda-Runtime-Deadline-Ms", String.valueOf(invocation.deadlineMillis));
        headers.put("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:" + spec.name()
                + (spec.snapStart() ? ":live" : ""));
        headers.put("Lambda-Runtime-Trace-Id", traceId(now));
        headers.put("Content-Type", "application/json");
        write(exchange, 200, headers, invocation.event);
        invocation.delivered.complete(null);
    }

    private static String traceId(long now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%024x;Parent=%016x;Sampled=1", now / 1000,
                new java.math.BigInteger(96, random), random.nextLong() & Long.MAX_VALUE);
    }

    private void response(HttpExchange exchange, String requestId) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = current;
        if (invocation == null || !invocation.id.equals(requestId)) {
            write(exchange, 400, Map.of(), error("InvalidRequestID", "no invocation " + requestId + " is running"));
            return;
        }
        current = null;
        finished(invocation, "");
        write(exchange, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        invocation.result.complete(body);
    }

    private void invocationError(HttpExchange exchange, String requestId) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = current;
        if (invocation == null || !invocation.id.equals(requestId)) {
            write(exchange, 400, Map.of(), error("InvalidRequestID", "no invocation " + requestId + " is running"));
            return;
        }
        current = null;
        finished(invocation, " Status: error");
        write(exchange, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        invocation.result.completeExceptionally(reported(exchange, body));
    }

    private void initError(HttpExchange exchange, String path) throws IOException {
        FunctionError error = reported(exchange, exchange.getRequestBody().readAllBytes());
        death = error;
        logs.append(spec.name(), (path.startsWith("/init") ? "INIT_REPORT" : "RESTORE_REPORT") + " Status: error "
                + error.errorType());
        write(exchange, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        Invocation waiting;
        while ((waiting = pending.poll()) != null) {
            waiting.fail(error);
        }
    }

    private FunctionError reported(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String message = "";
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            type = json.path("errorType").asText(type == null ? "Unhandled" : type);
            message = json.path("errorMessage").asText("");
        } catch (IOException e) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        return new FunctionError(spec.name(), type == null ? "Unhandled" : type, message);
    }

    private void finished(Invocation invocation, String status) {
        long micros = (System.nanoTime() - invocation.deliveredNanos) / 1000;
        synchronized (durationsMicros) {
            if (durationsMicros.isEmpty()) {
                firstResponseNanos = System.nanoTime() - startedNanos;
            }
            durationsMicros.add(micros);
        }
        logs.append(spec.name(), "END RequestId: " + invocation.id);
        logs.append(spec.name(), String.format(Locale.ROOT, "REPORT RequestId: %s Duration: %.2f ms Memory Size: %d MB%s",
                invocation.id, micros / 1000.0, spec.memorySize(), status));
    }

    private static byte[] error(String type, String message) {
        return Json.write(Map.of("errorType", type, "errorMessage", message)).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** When the SnapStart lifecycle restored this environment (null for other functions, or before it). */
    Instant restoredAt() {
        return restoredAt;
    }

    /** When the first invocation was handed to the runtime. */
    Instant firstDeliveredAt() {
        return firstDeliveredAt;
    }

    /** Process start to the first invocation's response, in nanoseconds (0 before it). */
    long firstResponseNanos() {
        return firstResponseNanos;
    }

    /** Each invocation's time from delivery to response, in microseconds, in order. */
    List<Long> durationsMicros() {
        synchronized (durationsMicros) {
            return List.copyOf(durationsMicros);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            killed = true;
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (credentialsToken != null) {
            credentials.revoke(credentialsToken);
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
