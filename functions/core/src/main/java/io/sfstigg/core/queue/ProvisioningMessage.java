package io.sfstigg.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import java.time.Instant;

/**
 * What the worker receives: self-contained and versioned, never a secret (the worker reads the
 * tenant's Stigg key when it processes the message, so a replay after a key rotation uses the new key).
 * The payload is the request of the message's operation, written as its JSON.
 */
public record ProvisioningMessage(
        int schemaVersion,
        String requestId,
        String tenantId,
        Operation operation,
        String idempotencyKey,
        Instant createdAt,
        ProvisioningRequest payload) {

    public static final int SCHEMA_VERSION = 1;

    /** The message body, its payload written {@link Json#writeAsTree as a tree writes it}. */
    public String toJson() {
        return Json.writeAsTree(this);
    }

    /**
     * Reads a message body, its payload as its operation's type; fields it does not know are
     * ignored. A message of another schema version is read without its payload, whose shape this
     * reader does not know, so that the worker can refuse it by its version.
     */
    public static ProvisioningMessage read(String body) {
        if (!(Json.read(body) instanceof ObjectNode message)) {
            throw new IllegalArgumentException("a provisioning message is a JSON object");
        }
        JsonNode payload = message.remove("payload");
        ProvisioningMessage envelope = Json.convert(message, ProvisioningMessage.class);
        if (envelope.schemaVersion() != SCHEMA_VERSION || envelope.operation() == null || payload == null
                || payload.isNull()) {
            return envelope;
        }
        return new ProvisioningMessage(envelope.schemaVersion(), envelope.requestId(), envelope.tenantId(),
                envelope.operation(), envelope.idempotencyKey(), envelope.createdAt(),
                Json.convert(payload, envelope.operation().requestType()));
    }
}
