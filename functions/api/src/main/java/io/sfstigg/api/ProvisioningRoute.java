package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.intake.RequestIntake.Accepted;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.validation.RequestParser;
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
 * {@code Prefer: wait=N}, 200 with the final outcome when it comes within N seconds.
 */
public abstract class ProvisioningRoute extends TenantRoute {
    static final int MAX_WAIT_SECONDS = 25;
    private static final Pattern PREFER_WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,6})\"?");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    protected ProvisioningRoute(Services services) {
        super(services);
    }

    /** What a route turns its body into: the payload the worker reads, and the customer it concerns. */
    protected record Parsed(Operation operation, Object payload, String stiggCustomerId) {}

    protected abstract Parsed parse(ApiRequest request, JsonNode body, RequestParser parser);

    @Override
    protected void warmUp() {
        services.queue();
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        if (!tenant.isConfigured()) {
            throw ApiException.unprocessable("org-not-configured", "Stigg is not configured for this org",
                    "save the Stigg Integration API key and environment slug with PUT /v1/config first", List.of());
        }
        Parsed parsed = parse(request, request.jsonBody(), new RequestParser(tenant.defaultCurrency()));
        Optional<Integer> wait = preferredWait(request);
        Accepted accepted = accept(tenant, parsed, request.header("idempotency-key").orElse(null));
        Map<String, String> headers = new HashMap<>();
        String statusUrl = RequestView.statusUrl(request.baseUrl(), accepted.record().requestId());
        headers.put("Location", statusUrl);
        if (accepted.replayed()) {
            headers.put("Idempotent-Replayed", "true");
        }
        if (wait.isPresent()) {
            headers.put("Preference-Applied", "wait=" + wait.get());
            Optional<RequestRecord> done = awaitFinal(accepted.record().requestId(), Duration.ofSeconds(wait.get()));
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

    /** Records and enqueues the parsed request; routes with rules of their own (opportunities) override it. */
    protected Accepted accept(Tenant tenant, Parsed parsed, String idempotencyKey) {
        return services.intake().accept(tenant.tenantId(), parsed.operation(), idempotencyKey,
                Json.MAPPER.valueToTree(parsed.payload()), parsed.stiggCustomerId());
    }

    static Optional<Integer> preferredWait(ApiRequest request) {
        return request.header("prefer").map(PREFER_WAIT::matcher).filter(Matcher::find)
                .map(m -> Math.min(MAX_WAIT_SECONDS, Integer.parseInt(m.group(1))))
                .filter(seconds -> seconds > 0);
    }

    private Optional<RequestRecord> awaitFinal(String requestId, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            Optional<RequestRecord> current = services.ledger().find(requestId);
            if (current.isPresent() && current.get().status().isFinal()) {
                return current;
            }
            if (!Instant.now().plus(POLL_INTERVAL).isBefore(deadline)) {
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
