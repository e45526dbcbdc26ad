package io.sfstigg.api.sync;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.sync.SyncConfig;
import io.sfstigg.core.sync.SyncSecrets;
import io.sfstigg.api.validation.StiggEventParser;
import io.sfstigg.core.model.StiggEvent;
import java.util.Optional;

/**
 * {@code POST /v1/webhooks/stigg/{orgId}}: Stigg's webhook for one org. The
 * {@code Stigg-Webhooks-Secret} header must be the org's current or previous webhook secret,
 * else 401 and nothing is recorded. An event is recorded in the ledger under its
 * {@code messageId} (a redelivery is a no-op) and queued; an event type the sync does not apply
 * is answered 200 and logged. Not a Flow action: openapi.yaml leaves it out.
 */
final class StiggWebhookRoute {
    private static final Log LOG = Log.of(StiggWebhookRoute.class);
    static final String SECRET_HEADER = "Stigg-Webhooks-Secret";

    private final Services services;

    StiggWebhookRoute(Services services) {
        this.services = services;
    }

    APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String orgId = authenticate(request);
        StiggEvent event = StiggEventParser.parse(request.jsonBody());
        if (event.kind() == StiggEvent.Kind.UNKNOWN) {
            LOG.info("Stigg event type not applied by the sync: acknowledged", kv("tenantId", orgId),
                    kv("type", event.type()), kv("messageId", event.messageId()), kv("traceId", event.traceId()));
            return Responses.json(200, Json.object().put("messageId", event.messageId()).put("eventType", event.type())
                    .put("status", "IGNORED"));
        }
        RequestIntake.Accepted accepted = services.intake().accept(orgId, Operation.APPLY_STIGG_EVENT,
                "stigg:" + event.messageId(), event, event.customerId());
        LOG.info("Stigg event received", kv("tenantId", orgId), kv("type", event.type()),
                kv("messageId", event.messageId()), kv("traceId", event.traceId()),
                kv("requestId", accepted.record().requestId()), kv("replayed", accepted.replayed()));
        return Responses.json(202, Json.object().put("requestId", accepted.record().requestId())
                .put("messageId", event.messageId()).put("eventType", event.type())
                .put("status", accepted.record().status().name()).put("replayed", accepted.replayed()));
    }

    /** The org whose webhook secret the request carries; one 401 for every reason, so none is revealed. */
    private String authenticate(ApiRequest request) {
        String orgId = SalesforceId.to18(request.pathParameter("orgId"), SalesforceId.KeyPrefix.ORGANIZATION).orElse(null);
        Optional<String> presented = request.header(SECRET_HEADER);
        Optional<SyncConfig> config = orgId == null || presented.isEmpty() ? Optional.empty()
                : services.syncConfigs().find(orgId).filter(SyncConfig::canReceiveWebhooks);
        boolean enabled = config.isPresent() && services.tenants().find(orgId).filter(t -> !t.disabled()).isPresent();
        if (enabled) {
            SyncSecrets secrets = SyncSecrets.parse(services.secrets().read(config.get().secretId(),
                    String.valueOf(config.get().updatedAt())));
            if (secrets.acceptsWebhookSecret(presented.get())) {
                return orgId;
            }
        }
        LOG.warn("Stigg webhook refused: wrong or missing secret, or an org without a webhook secret",
                kv("tenantId", orgId), kv("secretPresent", presented.isPresent()));
        throw new ApiException(401, "unauthorized", "Unauthorized",
                "send the org's webhook secret in the " + SECRET_HEADER + " header");
    }

}
