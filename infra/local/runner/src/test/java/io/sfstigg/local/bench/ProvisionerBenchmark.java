package io.sfstigg.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.config.Variable;
import io.sfstigg.core.json.Json;
import io.sfstigg.local.FunctionSpec;
import io.sfstigg.local.LambdaFunction;
import io.sfstigg.local.LocalSystem;
import io.sfstigg.local.TemplateModel;
import io.sfstigg.local.stigg.StiggEmulator;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks of BENCHMARKS.md: {@code mvn -B -Pbenchmarks -pl infra/local/runner -am verify}
 * (the functions' jars must be packaged). Figures go to the console and to
 * {@code infra/local/runner/target/benchmarks.md}.
 */
class ProvisionerBenchmark {
    private static final Path ROOT = TemplateModel.locate().getParent();
    private static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 5);
    private static final int WARM_RUNS = Integer.getInteger("bench.warmRuns", 100);
    private static final StringBuilder REPORT = new StringBuilder();
    private static LocalSystem system;

    @BeforeAll
    static void start() throws Exception {
        // The org's own request rate (ORG_REQUESTS_PER_SECOND, 50 by default) would refuse the clients' bursts with 429.
        system = LocalSystem.start(LocalSystem.Options.forTests(30, Map.of("ORG_REQUESTS_PER_SECOND", "10000")).withTokens(
                "sfst_0123456789abcdef_T9sL5Ojy17goYQqeolvtaNArLiMYprLc1kdMTAcPpa0", "local-admin-token-for-sample-events"));
        // The worker's machinery is measured, not Stigg's own limits (250 provisionCustomer a minute).
        system.emulator().orElseThrow().setRateLimits(1_000_000, 1_000_000, Duration.ofMinutes(1));
        HttpResponse<String> limits = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/v1/config")).header("Authorization", "Bearer " + system.tenantToken())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Json.write(Map.of(
                        "stiggApiKey", system.stiggKey(), "stiggEnvironmentSlug", "local-sandbox", "defaultCurrency", "USD",
                        "stiggOperationLimitPerMinute", 100_000, "stiggCustomerLimitPerMinute", 10_000)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (limits.statusCode() != 200) {
            throw new IllegalStateException("lifting the org's Stigg limits failed: " + limits.body());
        }
        REPORT.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append("\n\n");
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
        flush();
    }

    @Test
    void coldAndWarmStartOfEachFunction() throws Exception {
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        FunctionSpec health = system.functionSpec("HealthFunction");
        functions.put("hello world (floor)", new FunctionSpec("HelloFloor", HelloHandler.class.getName() + "::handleRequest",
                floorJar(), health.memorySize(), 60, false, 1, health.variables(), Map.of()));
        Map<String, String> events = new LinkedHashMap<>();
        events.put("hello world (floor)", "health.json");
        for (TemplateModel.Route route : system.template().routes()) {
            String event = eventFor(route);
            if (event != null) {
                functions.put(route.functionName(), system.functionSpec(route.functionName()));
                events.put(route.functionName(), event);
            }
        }
        system.eventSource().pause();
        REPORT.append("## Cold start: process start to first response, on-demand init (key variables)\n\n")
                .append("| function | cold start median (ms) | × floor | warm p50 (µs) | warm p99 (µs) | status |\n")
                .append("|---|---|---|---|---|---|\n");
        StringBuilder snapStart = new StringBuilder("## SnapStart: init, checkpoint and restore, then the first request\n\n")
                .append("| function | process start to first response, median (ms) | first request after restore (µs) |")
                .append(" warm p50 (µs) | first ÷ warm p50 |\n|---|---|---|---|---|\n");
        double floor = 0;
        for (Map.Entry<String, FunctionSpec> entry : functions.entrySet()) {
            FunctionSpec spec = entry.getValue();
            byte[] event = Files.readAllBytes(ROOT.resolve("events").resolve(events.get(entry.getKey())));
            FunctionSpec onDemand = new FunctionSpec(spec.name(), spec.handler(), spec.code(), spec.memorySize(),
                    spec.timeoutSeconds(), false, 1, spec.variables(), Map.of());
            List<long[]> runs = new ArrayList<>();
            for (int i = 0; i < COLD_RUNS; i++) {
                runs.add(run(onDemand, event, i == 0 ? WARM_RUNS : 0));
            }
            long cold = median(runs.stream().mapToLong(r -> r[0]).toArray());
            if (floor == 0) {
                floor = cold;
            }
            long[] first = runs.get(0);
            REPORT.append(String.format("| %s | %d | %.2f | %d | %d | %d |%n", entry.getKey(), cold, cold / floor,
                    first[2], first[3], first[4]));
            if (spec.snapStart()) {
                List<long[]> restored = new ArrayList<>();
                for (int i = 0; i < COLD_RUNS; i++) {
                    restored.add(run(spec.withConcurrency(1), event, WARM_RUNS / 2));
                }
                long[] median = restored.stream().sorted(java.util.Comparator.comparingLong(r -> r[1]))
                        .toList().get(restored.size() / 2);
                snapStart.append(String.format("| %s | %d | %d | %d | %.1f |%n", entry.getKey(),
                        median(restored.stream().mapToLong(r -> r[0]).toArray()), median[1], median[2],
                        median[1] / (double) Math.max(1, median[2])));
            }
        }
        system.eventSource().resume();
        REPORT.append("\n").append(snapStart).append("\n");
        flush();
    }

    @Test
    void workerThroughputAgainstItsBound() throws Exception {
        StiggEmulator stigg = system.emulator().orElseThrow();
        TemplateModel.WorkerFunction worker = system.template().worker();
        int threads = Integer.parseInt(system.settings().getOrDefault(Variable.WORKER_THREADS.name(),
                Variable.WORKER_THREADS.fallback()));
        int concurrency = worker.maximumConcurrency() * Math.min(threads, worker.batchSize());
        REPORT.append("## Worker throughput (create-customer requests, one Stigg call each)\n\n")
                .append("Concurrency = maximum concurrency ").append(worker.maximumConcurrency()).append(" × ")
                .append(Math.min(threads, worker.batchSize())).append(" messages in parallel per invocation = ")
                .append(concurrency).append("; bound = concurrency ÷ Stigg latency.\n\n")
                .append("| Stigg latency | requests | seconds | requests/s | bound (req/s) | % of bound |\n|---|---|---|---|---|---|\n");
        for (int latencyMs : new int[] {50, 200}) {
            stigg.setLatency(Duration.ofMillis(latencyMs));
            int requests = latencyMs == 50 ? 1500 : 1000;
            system.eventSource().pause();
            List<String> ids = send(requests, 20, "tp" + latencyMs);
            long start = System.nanoTime();
            system.eventSource().resume();
            awaitAll(ids, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = requests / seconds;
            double bound = concurrency * 1000.0 / latencyMs;
            REPORT.append(String.format("| %d ms | %d | %.1f | %.0f | %.0f | %.0f%% |%n", latencyMs, requests, seconds, rate,
                    bound, 100 * rate / bound));
        }
        stigg.setLatency(Duration.ZERO);
        REPORT.append("\n");
        flush();
    }

    @Test
    void loadThroughTheGateway() throws Exception {
        int requests = 2000;
        int clients = 50;
        long[] latencies = new long[requests];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
        List<Future<String>> results = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            int index = i;
            results.add(pool.submit(() -> {
                long begin = System.nanoTime();
                HttpResponse<String> response = http.send(customerRequest("load-" + run + "-" + index), HttpResponse.BodyHandlers.ofString());
                latencies[index] = (System.nanoTime() - begin) / 1000;
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
                }
                return Json.read(response.body()).path("requestId").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> result : results) {
            ids.add(result.get());
        }
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        int succeeded = awaitAll(ids, Duration.ofMinutes(5));
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        REPORT.append("## Load: ").append(requests).append(" create-customer requests from ").append(clients)
                .append(" concurrent clients through the local gateway\n\n")
                .append("| accepted | succeeded | lost | accept p50 (ms) | accept p99 (ms) | accepted/s | all provisioned after (s) |\n")
                .append("|---|---|---|---|---|---|---|\n")
                .append(String.format("| %d | %d | %d | %.1f | %.1f | %.0f | %.1f |%n%n", ids.size(), succeeded,
                        requests - succeeded, latencies[requests / 2] / 1000.0, latencies[(int) (requests * 0.99)] / 1000.0,
                        requests / acceptSeconds, totalSeconds));
        flush();
    }

    @Test
    void artifactSizes() throws Exception {
        REPORT.append("## Deployment artifacts\n\n| artifact | size (MiB) | classes |\n|---|---|---|\n");
        for (String jar : List.of("functions/api/target/api.jar", "functions/worker/target/worker.jar")) {
            try (var zip = new java.util.zip.ZipFile(ROOT.resolve(jar).toFile())) {
                long classes = zip.stream().filter(e -> e.getName().endsWith(".class")).count();
                REPORT.append(String.format("| %s | %.1f | %d |%n", jar, Files.size(ROOT.resolve(jar)) / 1048576.0, classes));
            }
        }
        REPORT.append("\n");
        flush();
    }

    private static int printed;

    /** Prints what was added since the last call, so a long run shows its figures as they come. */
    private static void flush() throws java.io.IOException {
        System.out.print(REPORT.substring(printed));
        printed = REPORT.length();
        Files.writeString(ROOT.resolve("infra/local/runner/target/benchmarks.md"), REPORT.toString());
    }

    private static String eventFor(TemplateModel.Route route) throws Exception {
        try (var files = Files.list(ROOT.resolve("events"))) {
            for (Path file : files.toList()) {
                JsonNode event = Json.read(Files.readString(file));
                if ((route.method() + " " + route.path()).equals(event.path("routeKey").asText())) {
                    return file.getFileName().toString();
                }
            }
        }
        return null;
    }

    /**
     * One new execution environment of the function: {processStartToFirstResponseMs,
     * firstInvocationUs, warmP50Us, warmP99Us, status}; invocation times are the Runtime API's,
     * from handing the event over to receiving the response.
     */
    private static long[] run(FunctionSpec spec, byte[] event, int warm) throws Exception {
        try (LambdaFunction function = system.newFunction(spec)) {
            byte[] first = function.invoke(event);
            String text = new String(event, StandardCharsets.UTF_8);
            for (int i = 0; i < warm; i++) {
                function.invoke(text.replace("\"idempotency-key\" : \"", "\"idempotency-key\" : \"warm-" + i + "-")
                        .getBytes(StandardCharsets.UTF_8));
            }
            LambdaFunction.EnvironmentTimeline timeline = function.lastEnvironment();
            long[] micros = timeline.durationsMicros().stream().skip(1).mapToLong(Long::longValue).sorted().toArray();
            String status = new String(first, StandardCharsets.UTF_8).replaceAll("(?s).*\"statusCode\"\\s*:\\s*(\\d+).*", "$1");
            return new long[] {timeline.firstResponseNanos() / 1_000_000, timeline.durationsMicros().get(0),
                micros.length == 0 ? 0 : micros[micros.length / 2],
                micros.length == 0 ? 0 : micros[Math.min(micros.length - 1, (int) (micros.length * 0.99))],
                status.length() > 5 ? 0 : Long.parseLong(status)};
        }
    }

    /** The floor's deployment jar: the hello-world handler with the same events library, as a function jar has it. */
    private static Path floorJar() throws Exception {
        Path jar = ROOT.resolve("infra/local/runner/target/hello-floor.jar");
        String events = jars("aws-lambda-java-events")[0];
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                var library = new java.util.zip.ZipFile(events)) {
            String name = HelloHandler.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new java.util.zip.ZipEntry(name));
            out.write(Files.readAllBytes(ROOT.resolve("infra/local/runner/target/test-classes").resolve(name)));
            out.closeEntry();
            for (var entry : java.util.Collections.list(library.entries())) {
                if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    library.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static String[] jars(String... names) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(path -> Arrays.stream(names).anyMatch(n -> Path.of(path).getFileName().toString().startsWith(n + "-")))
                .collect(Collectors.toList()).toArray(String[]::new);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static HttpRequest customerRequest(String customerId) {
        return HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/v1/customers"))
                .header("Authorization", "Bearer " + system.tenantToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"stiggCustomerId\":\""
                        + customerId + "\",\"name\":\"Load\"}"))
                .build();
    }

    private static List<String> send(int requests, int clients, String prefix) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            futures.add(pool.submit(() -> {
                HttpResponse<String> response = http.send(customerRequest(id), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("not accepted: " + response.statusCode() + " " + response.body());
                }
                return Json.read(response.body()).path("requestId").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        pool.shutdown();
        return ids;
    }

    /**
     * Waits until the queue is drained and every request succeeded (or the time is up); returns how
     * many did. It watches the queue, not the ledger, so that polling does not load DynamoDB Local.
     */
    private static int awaitAll(List<String> ids, Duration limit) throws Exception {
        var ledger = new io.sfstigg.core.ledger.DynamoLedger(system.dynamo(), system.settings().get("REQUESTS_TABLE"));
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> pending = new ArrayList<>(ids);
        while (System.nanoTime() < deadline) {
            var depth = system.sqs().getQueueAttributes(r -> r.queueUrl(system.queueUrl()).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            if (Integer.parseInt(depth.get("ApproximateNumberOfMessages")) == 0
                    && Integer.parseInt(depth.get("ApproximateNumberOfMessagesNotVisible")) == 0) {
                pending.removeIf(id -> ledger.find(id).map(r -> r.status() == io.sfstigg.core.model.RequestStatus.SUCCEEDED)
                        .orElse(false));
                if (pending.isEmpty()) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        return ids.size() - pending.size();
    }
}
