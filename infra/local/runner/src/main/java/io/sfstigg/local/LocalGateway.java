package io.sfstigg.local;

import static io.sfstigg.core.log.Log.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway HTTP API on 127.0.0.1: matches the template's routes, turns each request into a
 * payload v2 event, invokes the route's function and writes its response back, as
 * {@code sam local start-api} does without Docker. It keeps API Gateway's quotas for HTTP APIs
 * (request line and headers at most 10,240 bytes: 431 beyond, as for more than
 * {@value #MAX_HEADERS} headers; payload at most 10 MB: 413 beyond, before any function runs),
 * and builds the event's domain name from its own address, never from the {@code Host} header.
 * It speaks HTTP/1.1 itself (the JDK's server drops a connection whose headers are over its
 * limits instead of answering).
 */
public final class LocalGateway implements AutoCloseable {
    /** API Gateway HTTP API quota: "Total combined size of request line and header values". */
    static final int MAX_HEAD_BYTES = 10_240;
    static final int MAX_HEADERS = 200;
    /** API Gateway HTTP API quota: payload size. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /** Lambda's limit on a synchronous invocation's event. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /** What is read and discarded of a refused request so that its client reads the answer, not a reset. */
    private static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final int DISCARD_TIMEOUT_MILLIS = 2_000;
    private static final Log LOG = Log.of(LocalGateway.class);

    private final ServerSocket server;
    private final ExecutorService executor;
    private final List<BoundRoute> routes = new ArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final String domainName;
    private volatile boolean open = true;

    private record BoundRoute(String method, String path, Pattern pattern, List<String> names, LambdaFunction function) {}

    private record Head(String method, String target, String protocol, Map<String, List<String>> headers) {
        String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0).trim();
        }

        boolean keepAlive() {
            String connection = String.valueOf(first("connection")).toLowerCase(Locale.ROOT);
            return protocol.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        }
    }

    private record Answer(int status, Map<String, String> headers, byte[] body, boolean close) {}

    /** A request the gateway refuses itself, with API Gateway's status and message. */
    private static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public LocalGateway(int port, Map<TemplateModel.Route, LambdaFunction> functions) throws IOException {
        functions.forEach((route, function) -> routes.add(bind(route, function)));
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 256);
        domainName = "127.0.0.1:" + server.getLocalPort();
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "local-gateway");
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(this::acceptConnections, "local-gateway-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
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

    private void acceptConnections() {
        while (open) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                if (open) {
                    LOG.warn("accept failed", kv("error", e.getClass().getSimpleName()));
                }
            }
        }
    }

    /** One connection: requests one after another while the client keeps it alive. */
    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (open) {
                Answer answer;
                Head head = null;
                try {
                    head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    byte[] body = readBody(head, in, out);
                    answer = dispatch(head, body, socket);
                } catch (RuntimeException e) {
                    LOG.error("the gateway failed on a request", e);
                    answer = new Answer(500, Map.of("Content-Type", "application/json"),
                            "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8), true);
                } catch (Refused refused) {
                    write(out, new Answer(refused.status, Map.of("Content-Type", "application/json"),
                            ("{\"message\":\"" + refused.getMessage() + "\"}").getBytes(StandardCharsets.UTF_8), true));
                    discard(socket, in);
                    return;
                }
                boolean close = answer.close() || !head.keepAlive();
                write(out, new Answer(answer.status(), answer.headers(), answer.body(), close));
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or stayed idle: nothing to answer
        } finally {
            connections.remove(socket);
        }
    }

    /** The request line and headers, or null at the end of the stream; 431 beyond API Gateway's quota. */
    private static Head readHead(InputStream in) throws IOException, Refused {
        int[] budget = {MAX_HEAD_BYTES};
        String requestLine;
        do {
            requestLine = readLine(in, budget);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "Bad Request");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        while (true) {
            String line = readLine(in, budget);
            if (line == null) {
                throw new Refused(400, "Bad Request");
            }
            if (line.isEmpty()) {
                break;
            }
            if (++count > MAX_HEADERS) {
                throw new Refused(431, "Request Header Fields Too Large");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Refused(400, "Bad Request");
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return new Head(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2], headers);
    }

    /** One line without its CRLF (or LF), counted against the head's budget. */
    private static String readLine(InputStream in, int[] budget) throws IOException, Refused {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (--budget[0] < 0) {
                throw new Refused(431, "Request Header Fields Too Large");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    /** The body, by Content-Length or chunked; 413 over API Gateway's payload quota, before it is read. */
    private static byte[] readBody(Head head, InputStream in, OutputStream out) throws IOException, Refused {
        String encoding = head.first("transfer-encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        String lengthText = head.first("content-length");
        long length = 0;
        if (!chunked && lengthText != null) {
            try {
                length = Long.parseLong(lengthText);
            } catch (NumberFormatException e) {
                throw new Refused(400, "Bad Request");
            }
            if (length < 0) {
                throw new Refused(400, "Bad Request");
            }
            if (length > MAX_PAYLOAD_BYTES) {
                throw new Refused(413, "Request Entity Too Large");
            }
        }
        if ("100-continue".equalsIgnoreCase(head.first("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        if (chunked) {
            return readChunked(in);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("the client closed the connection in the middle of the body");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException, Refused {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int[] lineBudget = {1024};
            String sizeLine = readLine(in, lineBudget);
            if (sizeLine == null) {
                throw new IOException("the client closed the connection in the middle of the body");
            }
            long size;
            try {
                size = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw new Refused(400, "Bad Request");
            }
            if (size == 0) {
                int[] trailerBudget = {MAX_HEAD_BYTES};
                String trailer;
                do {
                    trailer = readLine(in, trailerBudget);
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_PAYLOAD_BYTES) {
                throw new Refused(413, "Request Entity Too Large");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new IOException("the client closed the connection in the middle of the body");
            }
            body.write(chunk);
            readLine(in, lineBudget);
        }
    }

    private Answer dispatch(Head head, byte[] body, Socket socket) throws Refused {
        String target = head.target();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (!target.startsWith("/")) {
            throw new Refused(400, "Bad Request");
        }
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        for (BoundRoute route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (route.method().equals(head.method()) && matcher.matches()) {
                return invoke(head, route, matcher, path, query, body, socket);
            }
        }
        return new Answer(404, Map.of("Content-Type", "application/json"),
                "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8), false);
    }

    private Answer invoke(Head head, BoundRoute route, Matcher matcher, String path, String query, byte[] body,
            Socket socket) throws Refused {
        byte[] event = Json.write(event(head, route, matcher, path, query, body, socket)).getBytes(StandardCharsets.UTF_8);
        if (event.length > MAX_EVENT_BYTES) {
            throw new Refused(413, "Request Entity Too Large");
        }
        JsonNode result;
        try {
            result = Json.read(new String(route.function().invoke(event), StandardCharsets.UTF_8));
        } catch (Exception | Error e) {
            LOG.error("function failed", e, kv("function", route.function().name()));
            return new Answer(500, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8), false);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        result.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String text = result.path("body").asText("");
        byte[] out = result.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        return new Answer(result.path("statusCode").asInt(200), headers, out, false);
    }

    private ObjectNode event(Head head, BoundRoute route, Matcher matcher, String path, String query, byte[] body,
            Socket socket) throws Refused {
        ObjectNode headers = Json.object();
        head.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        headers.put("x-forwarded-proto", "http");
        String routeKey = route.method() + " " + route.path();
        ObjectNode event = Json.object()
                .put("version", "2.0")
                .put("routeKey", routeKey)
                .put("rawPath", path)
                .put("rawQueryString", query);
        event.set("headers", headers);
        ObjectNode parameters = event.putObject("pathParameters");
        for (int i = 0; i < route.names().size(); i++) {
            try {
                parameters.put(route.names().get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "Bad Request");
            }
        }
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", "000000000000")
                .put("apiId", "local")
                .put("domainName", domainName)
                .put("domainPrefix", "local")
                .put("requestId", UUID.randomUUID().toString())
                .put("routeKey", routeKey)
                .put("stage", "$default")
                .put("time", Instant.now().toString())
                .put("timeEpoch", System.currentTimeMillis());
        context.putObject("http")
                .put("method", route.method())
                .put("path", path)
                .put("protocol", head.protocol())
                .put("sourceIp", socket.getInetAddress().getHostAddress())
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

    private static void write(OutputStream out, Answer answer) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(reason(answer.status())).append("\r\n");
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.putIfAbsent("X-Content-Type-Options", "nosniff");
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("connection")
                || name.equalsIgnoreCase("transfer-encoding"));
        headers.forEach((name, value) -> head.append(name).append(": ")
                .append(value.replace("\r", "").replace("\n", "")).append("\r\n"));
        boolean noBody = answer.status() == 204 || answer.status() == 304 || answer.status() < 200;
        if (!noBody) {
            head.append("Content-Length: ").append(answer.body().length).append("\r\n");
        }
        if (answer.close()) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (!noBody) {
            out.write(answer.body());
        }
        out.flush();
    }

    /** Reads what is left of a refused request (bounded), so its client sees the answer rather than a reset. */
    private static void discard(Socket socket, InputStream in) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(DISCARD_TIMEOUT_MILLIS);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while (total < MAX_DISCARD_BYTES && (read = in.read(buffer)) >= 0) {
                total += read;
            }
        } catch (SocketTimeoutException e) {
            // the client stopped sending: close
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        executor.shutdownNow();
    }
}
