package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stigg's webhooks, as the emulator sends them: per environment one endpoint and its secret
 * (sent in {@code Stigg-Webhooks-Secret}); each event a flat JSON object with {@code type},
 * {@code messageId}, {@code traceId}, {@code timestamp} and the entity's fields; a delivery
 * answered other than 2XX is sent again after {@code retryDelay} (Stigg waits 30 s), a few
 * times. Tests can hold events and release them reordered, repeat each delivery, and delay them.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 5;

    /** One delivery attempt: the event's message id and type, the answer's status (0: no answer). */
    public record Delivery(String messageId, String type, int status, Instant at) {}

    private record Endpoint(String url, String secret) {}

    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> held = new ArrayList<>();
    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "stigg-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile boolean holding;
    private volatile int copies = 1;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration retryDelay = Duration.ofSeconds(2);

    /** Settings → Integrations → Webhooks in the environment {@code slug}: its endpoint URL and secret. */
    public void register(String slug, String url, String secret) {
        endpoints.put(slug, new Endpoint(url, secret));
    }

    public void unregister(String slug) {
        endpoints.remove(slug);
    }

    /** Keeps events instead of sending them, until {@link #releaseHeld(boolean)}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Sends the held events, in the order they happened or reversed; stops holding. */
    public void releaseHeld(boolean reversed) {
        releaseHeld(reversed, Duration.ZERO);
    }

    /** As {@link #releaseHeld(boolean)}, each event {@code gap} after the one before. */
    public void releaseHeld(boolean reversed, Duration gap) {
        List<Map<String, Object>> events;
        synchronized (this) {
            holding = false;
            events = new ArrayList<>(held);
            held.clear();
        }
        if (reversed) {
            Collections.reverse(events);
        }
        for (int i = 0; i < events.size(); i++) {
            deliver(events.get(i), delay.plus(gap.multipliedBy(i)));
        }
    }

    /** Each event is delivered {@code copies} times, with the same messageId (as Stigg's retries are). */
    public void repeatEach(int copies) {
        this.copies = Math.max(1, copies);
    }

    /** Each delivery waits this long before it is sent. */
    public void delayEach(Duration delay) {
        this.delay = delay;
    }

    public void retryAfter(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    public void reset() {
        synchronized (this) {
            held.clear();
            holding = false;
        }
        copies = 1;
        delay = Duration.ZERO;
        deliveries.clear();
    }

    /** An event of the environment {@code slug}: sent to its endpoint, if it has one. */
    void emit(String slug, String type, Map<String, Object> entity) {
        Endpoint endpoint = endpoints.get(slug);
        if (endpoint == null) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("messageId", UUID.randomUUID().toString());
        event.put("traceId", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        event.putAll(entity);
        event.put("$endpoint", slug);
        synchronized (this) {
            if (holding) {
                held.add(event);
                return;
            }
        }
        deliver(event, delay);
    }

    private void deliver(Map<String, Object> event, Duration after) {
        for (int i = 0; i < copies; i++) {
            scheduler.schedule(() -> attempt(event, 1), after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(Map<String, Object> event, int attempt) {
        Map<String, Object> body = new LinkedHashMap<>(event);
        Endpoint endpoint = endpoints.get((String) body.remove("$endpoint"));
        if (endpoint == null) {
            return;
        }
        int status = 0;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Stigg-Webhooks-Secret", endpoint.secret())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            LOG.log(Level.FINE, "webhook delivery failed", e);
        }
        deliveries.add(new Delivery((String) event.get("messageId"), (String) event.get("type"), status, Instant.now()));
        if ((status < 200 || status > 299) && attempt < MAX_ATTEMPTS) {
            scheduler.schedule(() -> attempt(event, attempt + 1), retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
