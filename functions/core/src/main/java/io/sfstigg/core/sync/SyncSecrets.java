package io.sfstigg.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The secret values of an org's sync, stored together as one Secrets Manager secret: the current
 * webhook secret, the previous one (valid until retired, so a rotation drops no event) and the
 * External Client App's client id and secret. {@link #toString()} shows none of them.
 */
public record SyncSecrets(String webhookSecret, String previousWebhookSecret, String clientId, String clientSecret) {

    public static SyncSecrets empty() {
        return new SyncSecrets(null, null, null, null);
    }

    public static SyncSecrets parse(String json) {
        if (json == null || json.isBlank()) {
            return empty();
        }
        JsonNode node = Json.read(json);
        return new SyncSecrets(node.path("webhookSecret").asText(null), node.path("previousWebhookSecret").asText(null),
                node.path("clientId").asText(null), node.path("clientSecret").asText(null));
    }

    public String toJson() {
        ObjectNode node = Json.object();
        node.put("webhookSecret", webhookSecret);
        node.put("previousWebhookSecret", previousWebhookSecret);
        node.put("clientId", clientId);
        node.put("clientSecret", clientSecret);
        return Json.write(node);
    }

    /** True when {@code presented} is the current or the previous webhook secret, compared in constant time. */
    public boolean acceptsWebhookSecret(String presented) {
        byte[] given = (presented == null ? "" : presented).getBytes(StandardCharsets.UTF_8);
        boolean current = matches(webhookSecret, given);
        boolean previous = matches(previousWebhookSecret, given);
        return presented != null && (current | previous);
    }

    /** Digests of both sides compared with {@link MessageDigest#isEqual}: the time says nothing of either. */
    private static boolean matches(String expected, byte[] given) {
        if (expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected.getBytes(StandardCharsets.UTF_8)), sha256(given));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SyncSecrets[****]";
    }
}
