package io.sfstigg.api;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.fairness.WaitSlots;
import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.log.Log;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.RequestParser;
import io.sfstigg.api.validation.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provisioning route: validate, record and enqueue, answer 202 at once, or, with
 * {@code Prefer: wait=N}, 200 with the final outcome when it comes within N seconds. What differs
 * by operation is how the body is parsed and, for opportunities, how it is recorded: functions the
 * handler passes in.
 */
final class ProvisioningRoute<P> {
    static final int MAX_WAIT_SECONDS = 25;
    private static final Pattern PREFER_WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,6})\"?");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** A wait slot outlives its wait by this much, then frees itself if the function died holding it. */
    private static final int WAIT_LEASE_MARGIN_SECONDS = 5;
    private static final Log LOG = Log.of(ProvisioningRoute.class);

    /** What a route turns its body into: the payload the worker reads, and the customer it concerns. */
    record Parsed<P>(Operation operation, P payload, String stiggCustomerId) {}

    /** Turns the request and its body into what is recorded. */
    @FunctionalInterface
    interface Parser<P> {
        Parsed<P> parse(ApiRequest request, JsonNode body, RequestParser parser);
    }

    /** Records and enqueues the parsed request, counted against the org's {@code requestsPerSecond}. */
    @FunctionalInterface
    interface Intake<P> {
        Accepted accept(Tenant tenant, Parsed<P> parsed, String idempotencyKey, int requestsPerSecond);
    }

    private final Services services;
    private final Parser<P> parser;
    private final Intake<P> intake;

    private ProvisioningRoute(Services services, Parser<P> parser, Intake<P> intake) {
        this.services = services;
        this.parser = parser;
        this.intake = intake;
    }

    /** The frame of a route whose parsed request is recorded and queued as it is. */
    static <P extends ProvisioningRequest> HttpFrame frame(Services services, Parser<P> parser) {
        return frame(services, parser, (tenant, parsed, idempotencyKey, requestsPerSecond) -> services.intake().accept(
                tenant.tenantId(), parsed.operation(), idempotencyKey, parsed.payload(), parsed.stiggCustomerId(),
                requestsPerSecond));
    }

    /** The frame of a route with rules of its own for recording (opportunities). */
    static <P> HttpFrame frame(Services services, Parser<P> parser, Intake<P> intake) {
        return HttpFrame.tenant(services, new ProvisioningRoute<>(services, parser, intake)::handle, services::queue);
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        if (!tenant.isConfigured()) {
            throw ApiException.unprocessable("org-not-configured", "Stigg is not configured for this org",
                    "save the Stigg Integration API key and environment slug with PUT /v1/config first", List.of());
        }
        String idempotencyKey = idempotencyKey(request);
        Parsed<P> parsed = parser.parse(request, request.jsonBody(),
                new RequestParser(tenant.defaultCurrency(), services.clock()));
        Optional<Integer> wait = preferredWait(request);
        OrgLimits limits = services.limits(tenant);
        Accepted accepted = intake.accept(tenant, parsed, idempotencyKey, limits.requestsPerSecond());
        Map<String, String> headers = new HashMap<>();
        String statusUrl = RequestView.statusUrl(request.baseUrl(), accepted.record().requestId());
        headers.put("Location", statusUrl);
        if (accepted.replayed()) {
            headers.put("Idempotent-Replayed", "true");
        }
        Optional<WaitSlots.Slot> slot = wait.flatMap(seconds -> acquireWait(tenant, limits, seconds));
        if (slot.isPresent()) {
            headers.put("Preference-Applied", "wait=" + wait.get());
            Optional<RequestRecord> done;
            try {
                done = awaitFinal(accepted.record().requestId(), Duration.ofSeconds(wait.get()));
            } finally {
                services.waitSlots().release(slot.get());
            }
            if (done.isPresent()) {
                return Responses.json(200, RequestView.of(done.get(), tenant, services.links(), request.baseUrl()), headers);
            }
        }
        RequestRecord record = accepted.record();
        ObjectNode body = Json.object()
                .put("requestId", record.requestId())
                .put("status", record.status().name())
                .put("operation", record.operation().name())
                .put("stiggCustomerId", record.stiggCustomerId())
                .put("stiggCustomerUrl", record.stiggCustomerId() == null ? null
                        : services.links().stiggCustomer(tenant.stiggEnvironmentSlug(), record.stiggCustomerId()))
                .put("statusUrl", statusUrl);
        return Responses.json(202, body, headers);
    }

    /** One of the org's wait slots, or empty (answer at once) when it holds all of them. */
    private Optional<WaitSlots.Slot> acquireWait(Tenant tenant, OrgLimits limits, int seconds) {
        Instant now = services.clock().instant();
        Optional<WaitSlots.Slot> slot = services.waitSlots().acquire(tenant.tenantId(), limits.maxConcurrentWaits(), now,
                now.plusSeconds(seconds + WAIT_LEASE_MARGIN_SECONDS));
        if (slot.isEmpty()) {
            LOG.info("wait not granted: the org holds its concurrent waits", kv("tenantId", tenant.tenantId()),
                    kv("maxConcurrentWaits", limits.maxConcurrentWaits()));
        }
        return slot;
    }

    /** The caller's {@code Idempotency-Key}: 1 to 255 characters the stores can carry, or 400. */
    static String idempotencyKey(ApiRequest request) {
        String key = request.header("idempotency-key").orElse(null);
        if (key == null) {
            return null;
        }
        String problem = Text.characterProblem(key);
        if (problem == null && key.length() > MAX_IDEMPOTENCY_KEY) {
            problem = "must be at most " + MAX_IDEMPOTENCY_KEY + " characters";
        }
        if (problem != null) {
            throw ApiException.invalid(List.of(new FieldError("Idempotency-Key", problem)));
        }
        return key;
    }

    static Optional<Integer> preferredWait(ApiRequest request) {
        return request.header("prefer").map(PREFER_WAIT::matcher).filter(Matcher::find)
                .map(m -> Math.min(MAX_WAIT_SECONDS, Integer.parseInt(m.group(1))))
                .filter(seconds -> seconds > 0);
    }

    /** Polls the ledger until the request is final or the wait is over, by the clock and by the number of polls. */
    private Optional<RequestRecord> awaitFinal(String requestId, Duration wait) {
        Instant deadline = services.clock().instant().plus(wait);
        long polls = wait.toMillis() / POLL_INTERVAL.toMillis();
        for (long poll = 0; ; poll++) {
            Optional<RequestRecord> current = services.ledger().find(requestId);
            if (current.isPresent() && current.get().status().isFinal()) {
                return current;
            }
            if (poll >= polls || !services.clock().instant().plus(POLL_INTERVAL).isBefore(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
