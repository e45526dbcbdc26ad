package io.sfstigg.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.local.LocalSystem;
import io.sfstigg.local.TemplateModel;
import io.sfstigg.local.stigg.StiggEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The quarter-end burst of BENCHMARKS.md, against the Stigg emulator with Stigg's own limits (250
 * calls a minute per operation, 30 per customer, sliding windows of a minute): run it alone, as it
 * takes minutes, {@code mvn -B -Pbenchmarks -pl infra/local/runner test -Dtest=BurstBenchmark}
 * ({@code -Dbench.bursts=300,1000}, {@code -Dbench.clients=20}, {@code -Dbench.grants=100}). Each case
 * gets an org and a Stigg environment of its own, so no case starts inside another's window.
 */
class BurstBenchmark {
    private static final Path ROOT = TemplateModel.locate().getParent();
    private static final int CLIENTS = Integer.getInteger("bench.clients", 20);
    private static final int GRANTS = Integer.getInteger("bench.grants", 100);
    private static final List<Integer> BURSTS = Arrays.stream(System.getProperty("bench.bursts", "1000").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    private static final boolean PREFILL = Boolean.parseBoolean(System.getProperty("bench.prefill", "false"));
    private static final int PER_OPERATION = 250;
    private static final int PER_CUSTOMER = 30;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final StringBuilder REPORT = new StringBuilder();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalSystem system;
    private static StiggEmulator stigg;
    private static int orgs;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(LocalSystem.Options.forTests(null, Map.of()));
        stigg = system.emulator().orElseThrow();
        stigg.setRateLimits(PER_CUSTOMER, PER_OPERATION, WINDOW);
        REPORT.append("| case | all provisioned after | floor (given arrivals) | ratio (to it) | Stigg calls | per request | refused |"
                + " duplicated | dead letters | not SUCCEEDED | copies in the ledger |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
        System.out.println("\n" + REPORT);
        Files.writeString(ROOT.resolve("infra/local/runner/target/burst-benchmark.md"), REPORT.toString());
    }

    private record Org(String token, String slug) {}

    @Test
    void quarterEndBurstOfOpportunities() throws Exception {
        for (int n : BURSTS) {
            Org org = newOrg();
            List<String> bodies = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String account = String.format("001Dn%010d", orgs * 100_000L + i);
                String opportunity = String.format("006Dn%010d", orgs * 100_000L + i);
                paths.add("/v1/opportunities/" + opportunity + "/provision");
                bodies.add("{\"account\":{\"id\":\"" + account + "\",\"name\":\"Account " + i + "\"},"
                        + "\"billingPeriod\":\"Monthly\",\"paymentCollectionMethod\":\"Invoice\",\"lineItems\":["
                        + "{\"productId\":\"01tDn000001Plan\",\"productName\":\"Pro\",\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":1},"
                        + "{\"productId\":\"01tDn000001Seat\",\"productName\":\"Seats\",\"stiggType\":\"Add-on\",\"stiggId\":\"addon-seats\",\"quantity\":5}]}");
            }
            measure("burst of " + n + " opportunities (plan + add-on), " + CLIENTS + " clients", org, paths, bodies,
                    "provisionSubscriptionV2", PER_OPERATION);
        }
    }

    @Test
    void largeAccountOfOneCustomer() throws Exception {
        Org org = newOrg();
        String customer = "large-account-" + orgs;
        String created = post(org, "/v1/customers", "{\"salesforceAccountId\":\"001Dn00000LrgAc\",\"stiggCustomerId\":\""
                + customer + "\",\"name\":\"Large account\"}").path("requestId").asText();
        awaitStatus(List.of(created), Duration.ofMinutes(3));
        Thread.sleep(WINDOW.toMillis() + 1_000);
        List<String> paths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < GRANTS; i++) {
            paths.add("/v1/credit-grants");
            bodies.add("{\"stiggCustomerId\":\"" + customer + "\",\"grantType\":\"PROMOTIONAL\",\"currencyId\":\"cred-type-ai-tokens\","
                    + "\"displayName\":\"Grant " + i + "\",\"amount\":" + (i + 1) + "}");
        }
        measure(GRANTS + " credit grants for one customer, " + CLIENTS + " clients", org, paths, bodies,
                "createCreditGrant", PER_CUSTOMER);
    }

    /**
     * Posts every request from the clients at once, waits until all are provisioned, and reports.
     * With {@code bench.prefill} the worker is paused while the requests are accepted and the clock
     * starts when it resumes: the pacing alone is measured, not how fast this machine accepts.
     */
    private static void measure(String label, Org org, List<String> paths, List<String> bodies, String lastField,
            int limit) throws Exception {
        long floorWindows = (long) Math.ceil(paths.size() / (double) limit) - 1;
        int callsBefore = stigg.calls().size();
        if (PREFILL) {
            system.eventSource().pause();
        }
        Instant start = Instant.now();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Instant>> accepted = new ArrayList<>();
        List<String> requestIds = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < paths.size(); i++) {
            int index = i;
            accepted.add(clients.submit(() -> {
                requestIds.add(post(org, paths.get(index), bodies.get(index)).path("requestId").asText());
                return Instant.now();
            }));
        }
        List<Instant> acceptedAt = new ArrayList<>();
        for (Future<Instant> f : accepted) {
            acceptedAt.add(f.get());
        }
        clients.shutdown();
        Duration acceptedAfter = Duration.between(start, Instant.now());
        if (PREFILL) {
            start = Instant.now();
            acceptedAt.replaceAll(at -> Instant.EPOCH);
            system.eventSource().resume();
        }
        double arrivalFloor = arrivalFloor(acceptedAt, start, limit);
        long expected = requestIds.size();
        Instant deadline = Instant.now().plus(WINDOW.multipliedBy(floorWindows + 4));
        while (Instant.now().isBefore(deadline) && succeededCalls(org, lastField, callsBefore) < expected) {
            Thread.sleep(250);
        }
        Thread.sleep(3_000);
        List<StiggEmulator.Call> calls = stigg.calls().subList(callsBefore, stigg.calls().size()).stream()
                .filter(c -> org.slug().equals(c.environment())).toList();
        Instant last = calls.stream().filter(c -> lastField.equals(c.field()) && c.errorCode() == null)
                .map(StiggEmulator.Call::at).max(Instant::compareTo).orElse(Instant.now());
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        Instant startFinal = start;
        List<Instant> done = calls.stream().filter(c -> lastField.equals(c.field()) && c.errorCode() == null)
                .map(StiggEmulator.Call::at).sorted().toList();
        double firstWindow = done.isEmpty() ? 0
                : Duration.between(startFinal, done.get(Math.min(limit, done.size()) - 1)).toMillis() / 1000.0;
        double floor = floorWindows * WINDOW.toSeconds();
        long refused = calls.stream().filter(c -> "RateLimitExceeded".equals(c.errorCode())).count();
        Map<String, Long> perField = calls.stream().collect(Collectors.groupingBy(
                c -> c.field() + (c.errorCode() == null ? "" : " (" + c.errorCode() + ")"), TreeMap::new, Collectors.counting()));
        Map<String, Long> statuses = new TreeMap<>();
        long copies = 0;
        for (String id : requestIds) {
            Map<String, AttributeValue> item = system.dynamo().getItem(r -> r.tableName(system.settings().get("REQUESTS_TABLE"))
                    .key(Map.of("pk", AttributeValue.fromS(id))).consistentRead(true)).item();
            statuses.merge(item.get("status").s(), 1L, Long::sum);
            copies += item.containsKey("copy") ? Long.parseLong(item.get("copy").n()) : 0;
        }
        long notSucceeded = expected - statuses.getOrDefault("SUCCEEDED", 0L);
        long duplicated = duplicates(org, lastField);
        int deadLetters = deadLetters();
        String row = String.format("| %s%s | %.1f s | %.0f s (%.1f s) | %.2f (%.2f) | %,d | %.2f | %,d (%.1f %%) | %d | %d | %d | %,d |",
                label, PREFILL ? ", queue filled first" : ", worker running", seconds, floor, arrivalFloor,
                floor == 0 ? 0 : seconds / floor, arrivalFloor == 0 ? 0 : seconds / arrivalFloor, calls.size(),
                calls.size() / (double) expected,
                refused, 100.0 * refused / Math.max(1, calls.size()), duplicated, deadLetters, notSucceeded, copies);
        REPORT.append(row).append('\n');
        System.out.println(row);
        System.out.println("  accepted in " + acceptedAfter.toMillis() + " ms; the first " + limit + " done after "
                + firstWindow + " s (this machine's pace without a limit); calls: " + perField + "; statuses: " + statuses);
        REPORT.append("<!-- ").append(label).append(": accepted in ").append(acceptedAfter.toMillis())
                .append(" ms; the first ").append(limit).append(" done after ").append(firstWindow)
                .append(" s; calls ").append(perField).append(" -->\n");
    }

    /**
     * The floor given when the requests were accepted: request i (in order of acceptance) cannot run
     * before it is accepted, nor before a window after request i - limit ran.
     */
    private static double arrivalFloor(List<Instant> acceptedAt, Instant start, int limit) {
        List<Long> arrivals = acceptedAt.stream().map(at -> Math.max(0, Duration.between(start, at).toMillis())).sorted().toList();
        long[] ran = new long[arrivals.size()];
        for (int i = 0; i < ran.length; i++) {
            ran[i] = Math.max(arrivals.get(i), i >= limit ? ran[i - limit] + WINDOW.toMillis() : 0);
        }
        return ran.length == 0 ? 0 : ran[ran.length - 1] / 1000.0;
    }

    private static long succeededCalls(Org org, String field, int from) {
        List<StiggEmulator.Call> calls = stigg.calls();
        return calls.subList(from, calls.size()).stream()
                .filter(c -> org.slug().equals(c.environment()) && field.equals(c.field()) && c.errorCode() == null).count();
    }

    /** Subscriptions for the same opportunity, or grants for the same request, beyond the first. */
    private static long duplicates(Org org, String field) {
        Map<String, Integer> seen = new HashMap<>();
        if (field.equals("createCreditGrant")) {
            stigg.env(org.slug()).creditGrants().forEach(g -> seen.merge(
                    g.path("additionalMetaData").toString(), 1, Integer::sum));
        } else {
            stigg.env(org.slug()).subscriptions().forEach(s -> seen.merge(s.path("salesforceId").asText(), 1, Integer::sum));
            stigg.env(org.slug()).customers().forEach(c -> seen.merge("customer " + c.path("customerId").asText(), 1,
                    Integer::sum));
        }
        return seen.values().stream().mapToLong(count -> count - 1).sum();
    }

    private static int deadLetters() {
        var attributes = system.sqs().getQueueAttributes(r -> r.queueUrl(system.deadLetterQueueUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** A new org configured with a new Stigg environment of its own (Stigg's default limits). */
    private static Org newOrg() throws Exception {
        orgs++;
        String orgId = String.format("00D5e00000%03dAB", orgs);
        String slug = "burst-" + orgs;
        String key = "server-burst-benchmark-key-" + orgs;
        stigg.addApiKey(key, slug);
        stigg.seedDemoCatalog(slug);
        JsonNode registered = send("POST", "/v1/admin/tenants", system.adminToken(), Json.write(Map.of("orgId", orgId,
                "name", "Burst org " + orgs, "salesforceDomain", "burst" + orgs + ".my.salesforce.com")));
        String token = registered.path("token").asText();
        send("PUT", "/v1/config", token, Json.write(Map.of("stiggApiKey", key, "stiggEnvironmentSlug", slug,
                "defaultCurrency", "USD")));
        return new Org(token, slug);
    }

    private static JsonNode post(Org org, String path, String body) throws Exception {
        return send("POST", path, org.token(), body);
    }

    private static JsonNode send(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Json.read(response.body());
    }

    private static void awaitStatus(List<String> requestIds, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        for (String id : requestIds) {
            while (Instant.now().isBefore(deadline)) {
                Map<String, AttributeValue> item = system.dynamo().getItem(r -> r.tableName(system.settings()
                        .get("REQUESTS_TABLE")).key(Map.of("pk", AttributeValue.fromS(id))).consistentRead(true)).item();
                if ("SUCCEEDED".equals(item.get("status").s())) {
                    break;
                }
                Thread.sleep(200);
            }
        }
    }
}
