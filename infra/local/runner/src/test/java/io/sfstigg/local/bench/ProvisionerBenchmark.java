package io.sfstigg.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.local.LocalSystem;
import io.sfstigg.local.TemplateModel;
import io.sfstigg.local.stigg.StiggEmulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks of BENCHMARKS.md: {@code mvn -B -Pbenchmarks -pl infra/local/runner test}
 * (after {@code mvn -B -DskipTests install}). Figures go to the console and to
 * {@code infra/local/runner/target/benchmarks.md}.
 */
class ProvisionerBenchmark {
    private static final Path ROOT = TemplateModel.locate().getParent();
    private static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 5);
    private static final int WARM_RUNS = Integer.getInteger("bench.warmRuns", 200);
    private static final StringBuilder REPORT = new StringBuilder();
    private static LocalSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(LocalSystem.Options.forTests(30, Map.of()).withTokens(
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
        String[] runtime = jars("aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization");
        String[] floorJars = jars("aws-lambda-java-core", "aws-lambda-java-events", "aws-lambda-java-runtime-interface-client",
                "aws-lambda-java-serialization");
        String probe = ROOT.resolve("infra/local/runner/target/classes") + File.pathSeparator
                + ROOT.resolve("infra/local/runner/target/test-classes");
        Map<String, String[]> functions = new LinkedHashMap<>();
        functions.put("hello world (floor)", new String[] {HelloHandler.class.getName() + "::handleRequest", "health.json",
            String.join(File.pathSeparator, floorJars)});
        for (TemplateModel.Route route : system.template().routes()) {
            String event = eventFor(route);
            if (event != null) {
                functions.put(route.functionName(), new String[] {route.handler(), event,
                    ROOT.resolve(route.codeUri()) + File.pathSeparator + String.join(File.pathSeparator, runtime)});
            }
        }
        system.eventSource().pause();
        REPORT.append("## Cold start (fresh JVM to first response) and warm latency\n\n")
                .append("| function | cold start median (ms) | × floor | JVM start to response, parent clock (ms) | classes loaded |")
                .append(" warm p50 (µs) | warm p99 (µs) | status |\n|---|---|---|---|---|---|---|---|\n");
        double floor = 0;
        for (Map.Entry<String, String[]> function : functions.entrySet()) {
            List<long[]> runs = new ArrayList<>();
            for (int i = 0; i < COLD_RUNS; i++) {
                runs.add(probe(function.getValue()[0], function.getValue()[1],
                        function.getValue()[2] + File.pathSeparator + probe, i == 0 ? WARM_RUNS : 0));
            }
            long cold = median(runs.stream().mapToLong(r -> r[0]).toArray());
            long wall = median(runs.stream().mapToLong(r -> r[5]).toArray());
            if (floor == 0) {
                floor = cold;
            }
            long[] first = runs.get(0);
            REPORT.append(String.format("| %s | %d | %.2f | %d | %d | %d | %d | %d |%n", function.getKey(), cold, cold / floor,
                    wall, first[1], first[2], first[3], first[4]));
        }
        system.eventSource().resume();
        REPORT.append("\n");
        flush();
    }

    @Test
    void workerThroughputAgainstItsBound() throws Exception {
        StiggEmulator stigg = system.emulator().orElseThrow();
        TemplateModel.WorkerFunction worker = system.template().worker();
        int threads = Integer.parseInt(system.settings().getOrDefault("WORKER_THREADS", "10"));
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

    /** {firstResponseMs, classes, warmP50Us, warmP99Us, status, parentWallMs}. */
    private static long[] probe(String handler, String event, String classpath, int warm) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp", classpath));
        system.settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-Daws.accessKeyId=local", "-Daws.secretAccessKey=local", ColdStartProbe.class.getName(),
                handler, ROOT.resolve("events").resolve(event).toString(), String.valueOf(warm)));
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String line;
        long wall = -1;
        String[] figures = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PROBE ")) {
                    wall = (System.nanoTime() - begin) / 1_000_000;
                    figures = line.split(" ");
                }
            }
        }
        process.waitFor(60, TimeUnit.SECONDS);
        if (figures == null) {
            throw new IllegalStateException("the probe of " + handler + " printed no figures");
        }
        String status = figures[5];
        return new long[] {Long.parseLong(figures[1]), Long.parseLong(figures[2]), Long.parseLong(figures[3]),
            Long.parseLong(figures[4]), status.equals("-") ? 0 : Long.parseLong(status), wall};
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
            futures.add(pool.submit(() -> Json.read(http.send(customerRequest(id), HttpResponse.BodyHandlers.ofString()).body())
                    .path("requestId").asText()));
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
