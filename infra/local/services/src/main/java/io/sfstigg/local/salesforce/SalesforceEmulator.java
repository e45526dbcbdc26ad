package io.sfstigg.local.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Salesforce org on 127.0.0.1 for the sync: the OAuth 2.0 client credentials token endpoint,
 * sObject GET and PATCH, the composite sObject collection, field existence per object, and
 * Salesforce's error shapes ({@code [{"message","errorCode","fields"}]}, 401
 * {@code INVALID_SESSION_ID}). Faults are injected per call: lock errors, the API request limit,
 * expired sessions, 5xx. Records every write, so tests can count them. Never logs a token.
 */
public final class SalesforceEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOBJECT = Pattern.compile("/services/data/v\\d{2,3}\\.\\d/sobjects/([A-Za-z0-9_]+)/([A-Za-z0-9]{15,18})");
    private static final Pattern COMPOSITE = Pattern.compile("/services/data/v\\d{2,3}\\.\\d/composite/sobjects");

    /** A fault the next matching API call answers with instead of its work. */
    public enum Fault {
        UNABLE_TO_LOCK_ROW(400, "unable to obtain exclusive access to this record or 1 records"),
        REQUEST_LIMIT_EXCEEDED(403, "TotalRequests Limit exceeded."),
        /** Every issued token stops being valid: the call is answered 401 INVALID_SESSION_ID. */
        EXPIRED_SESSION(401, "Session expired or invalid"),
        SERVER_ERROR(503, "Service Unavailable");

        private final int status;
        private final String message;

        Fault(int status, String message) {
            this.status = status;
            this.message = message;
        }
    }

    /** One successful write as Salesforce applied it. */
    public record Write(String object, String id, Map<String, Object> fields, Instant at) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> clients = new HashMap<>();
    private final Set<String> tokens = new LinkedHashSet<>();
    private final Map<String, Set<String>> fieldsByObject = new HashMap<>();
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private final List<Write> writes = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private int tokensIssued;
    private boolean createOnFirstWrite;
    private final Map<String, String> linkedPages = new java.util.concurrent.ConcurrentHashMap<>();

    private SalesforceEmulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread thread = new Thread(r, "salesforce-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/services/oauth2/token", this::token);
        server.createContext("/services/data/", this::data);
        server.createContext("/", this::page);
        server.start();
    }

    /** Starts on 127.0.0.1 with Opportunity and Account and the sync's default fields; port 0 picks a free one. */
    public static SalesforceEmulator start(int port) throws IOException {
        SalesforceEmulator emulator = new SalesforceEmulator(port);
        emulator.defineFields("Opportunity", "Name", "StageName", "Stigg_Subscription_Status__c", "Stigg_Plan__c",
                "Stigg_Trial_End__c", "Stigg_Cancellation_Date__c", "Stigg_Subscription_URL__c");
        emulator.defineFields("Account", "Name", "Stigg_Credit_Balance__c", "Stigg_Credit_Status__c",
                "Stigg_Customer_URL__c");
        return emulator;
    }

    public String instanceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- set-up ----

    /** An External Client App with the client credentials flow enabled. */
    public synchronized void addClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
    }

    public synchronized void defineFields(String object, String... names) {
        fieldsByObject.computeIfAbsent(object, o -> new LinkedHashSet<>()).addAll(List.of(names));
    }

    /** An admin deletes a custom field: writes naming it fail with INVALID_FIELD until it is restored. */
    public synchronized void deleteField(String object, String name) {
        fieldsByObject.getOrDefault(object, new LinkedHashSet<>()).remove(name);
    }

    public synchronized void addRecord(String object, String id, Map<String, Object> fields) {
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.put("Id", id);
        records.put(object + "/" + id, record);
    }

    public synchronized void deleteRecord(String object, String id) {
        records.remove(object + "/" + id);
        deleted.add(object + "/" + id);
    }

    /** A PATCH to a record that does not exist creates it (for a demo org without seeded records). */
    public synchronized void createRecordsOnFirstWrite(boolean create) {
        createOnFirstWrite = create;
    }

    /** Another page this emulator's page links to (the Stigg side of the sync). */
    public void linkPage(String label, String url) {
        linkedPages.put(label, url);
    }

    Map<String, String> linkedPages() {
        return Map.copyOf(linkedPages);
    }

    public synchronized void failNext(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            faults.add(fault);
        }
    }

    /** Every token issued so far stops working (as when a session times out or is revoked). */
    public synchronized void expireSessions() {
        tokens.clear();
    }

    public synchronized Map<String, Object> record(String object, String id) {
        Map<String, Object> record = records.get(object + "/" + id);
        return record == null ? null : new LinkedHashMap<>(record);
    }

    public synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    public synchronized List<Write> writesTo(String object, String id) {
        return writes.stream().filter(w -> w.object().equals(object) && w.id().equals(id)).toList();
    }

    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    public synchronized void reset() {
        records.clear();
        deleted.clear();
        writes.clear();
        faults.clear();
        tokens.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("error", "invalid_request", "error_description", "must use HTTP POST"));
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"client_credentials".equals(form.get("grant_type"))) {
                send(exchange, 400, Map.of("error", "unsupported_grant_type", "error_description", "grant type not supported"));
                return;
            }
            String token;
            synchronized (this) {
                String secret = clients.get(form.getOrDefault("client_id", ""));
                if (secret == null || !secret.equals(form.get("client_secret"))) {
                    token = null;
                } else {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    token = "00Dlocal!" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    tokens.add(token);
                    tokensIssued++;
                }
            }
            if (token == null) {
                send(exchange, 400, Map.of("error", "invalid_client", "error_description", "invalid client credentials"));
                return;
            }
            send(exchange, 200, Map.of("access_token", token, "instance_url", instanceUrl(), "token_type", "Bearer",
                    "issued_at", Long.toString(System.currentTimeMillis()), "id", instanceUrl() + "/id/00Dlocal/005local"));
        }
    }

    private void data(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer;
            synchronized (this) {
                answer = answer(path, method, auth, body);
            }
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                send(exchange, answer.status(), answer.body());
            }
        }
    }

    private record Answer(int status, Object body) {}

    private Answer answer(String path, String method, String auth, byte[] body) throws IOException {
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return new Answer(401, errors("INVALID_SESSION_ID", Fault.EXPIRED_SESSION.message, List.of()));
        }
        Fault fault = faults.poll();
        if (fault == Fault.EXPIRED_SESSION) {
            tokens.clear();
        }
        if (fault != null) {
            return new Answer(fault.status, errors(fault == Fault.EXPIRED_SESSION ? "INVALID_SESSION_ID"
                    : fault == Fault.SERVER_ERROR ? "SERVER_UNAVAILABLE" : fault.name(), fault.message, List.of()));
        }
        Matcher sobject = SOBJECT.matcher(path);
        if (sobject.matches() && "GET".equals(method)) {
            Map<String, Object> record = records.get(sobject.group(1) + "/" + sobject.group(2));
            if (record == null) {
                return notFound(sobject.group(1) + "/" + sobject.group(2));
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("attributes", Map.of("type", sobject.group(1), "url", path));
            view.putAll(record);
            return new Answer(200, view);
        }
        if (sobject.matches() && "PATCH".equals(method)) {
            Map<String, Object> error = write(sobject.group(1), sobject.group(2), JSON.readTree(body));
            return error == null ? new Answer(204, null) : new Answer((int) error.remove("status"), List.of(error));
        }
        if (COMPOSITE.matcher(path).matches() && "PATCH".equals(method)) {
            JsonNode request = JSON.readTree(body);
            List<Map<String, Object>> results = new ArrayList<>();
            for (JsonNode record : request.path("records")) {
                String id = record.path("id").asText();
                com.fasterxml.jackson.databind.node.ObjectNode fields = record.deepCopy();
                fields.remove(List.of("attributes", "id"));
                Map<String, Object> error = write(record.path("attributes").path("type").asText(), id, fields);
                if (error != null) {
                    error.remove("status");
                }
                results.add(error == null ? Map.of("id", id, "success", true, "errors", List.of())
                        : Map.of("id", id, "success", false, "errors", List.of(error)));
            }
            return new Answer(200, results);
        }
        return new Answer(404, errors("NOT_FOUND", "The requested resource does not exist", List.of()));
    }

    /** Applies a PATCH; returns Salesforce's error (with its HTTP status) or null. */
    private Map<String, Object> write(String object, String id, JsonNode fields) {
        Set<String> known = fieldsByObject.get(object);
        if (known == null) {
            return error(404, "NOT_FOUND", "The requested resource does not exist", List.of());
        }
        List<String> unknown = new ArrayList<>();
        fields.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            return error(400, "INVALID_FIELD", "No such column '" + unknown.get(0) + "' on sobject of type " + object,
                    unknown);
        }
        String key = object + "/" + id;
        if (deleted.contains(key)) {
            return error(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        if (!records.containsKey(key)) {
            if (!createOnFirstWrite) {
                return error(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id,
                        List.of());
            }
            addRecord(object, id, Map.of());
        }
        Map<String, Object> values = JSON.convertValue(fields, Map.class);
        records.get(key).putAll(values);
        writes.add(new Write(object, id, new LinkedHashMap<>(values), Instant.now()));
        return null;
    }

    private static Answer notFound(String what) {
        return new Answer(404, errors("NOT_FOUND", "The requested resource does not exist", List.of()));
    }

    private static Map<String, Object> error(int status, String code, String message, List<String> fields) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("message", message);
        error.put("errorCode", code);
        error.put("fields", fields);
        return error;
    }

    private static List<Map<String, Object>> errors(String code, String message, List<String> fields) {
        Map<String, Object> error = error(0, code, message, fields);
        error.remove("status");
        return List.of(error);
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/__emulator/state")) {
                Map<String, Object> state = new LinkedHashMap<>();
                synchronized (this) {
                    state.put("records", new ArrayList<>(records.values()));
                    state.put("writes", writes.size());
                }
                send(exchange, 200, state);
                return;
            }
            byte[] html = SalesforcePage.render(this).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        }
    }

    synchronized Map<String, Map<String, Object>> recordsByKey() {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        records.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        return copy;
    }

    private static Map<String, String> form(String text) {
        Map<String, String> form = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
