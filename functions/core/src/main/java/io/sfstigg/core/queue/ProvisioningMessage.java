package io.sfstigg.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.Operation;
import java.time.Instant;

/**
 * What the worker receives: self-contained and versioned, never a secret (the worker reads the
 * tenant's Stigg key when it processes the message, so a replay after a key rotation uses the new key).
 */
public record ProvisioningMessage(
        int schemaVersion,
        String requestId,
        String tenantId,
        Operation operation,
        String idempotencyKey,
        Instant createdAt,
        JsonNode payload) {

    public static final int SCHEMA_VERSION = 1;
}
