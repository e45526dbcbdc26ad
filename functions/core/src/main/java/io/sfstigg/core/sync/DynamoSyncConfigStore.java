package io.sfstigg.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Sync configurations in the tenants table, keyed {@code SYNC#<orgId>}, beside the org's own item. */
public final class DynamoSyncConfigStore implements SyncConfigStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSyncConfigStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<SyncConfig> find(String tenantId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", Item.s("SYNC#" + tenantId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Item i = Item.of(item);
        return Optional.of(new SyncConfig(tenantId, i.text("secretId"), i.instant("updatedAt"), i.text("instanceUrl"),
                i.text("maskedWebhookSecret"), i.text("maskedPreviousWebhookSecret"), i.text("maskedClientId"),
                i.text("maskedClientSecret"), mapping(i.text("mapping"))));
    }

    @Override
    public void save(SyncConfig config) {
        dynamo.putItem(r -> r.tableName(table).item(Item.create()
                .put("pk", "SYNC#" + config.tenantId())
                .put("tenantId", config.tenantId())
                .put("secretId", config.secretId())
                .put("updatedAt", config.updatedAt())
                .put("instanceUrl", config.instanceUrl())
                .put("maskedWebhookSecret", config.maskedWebhookSecret())
                .put("maskedPreviousWebhookSecret", config.maskedPreviousWebhookSecret())
                .put("maskedClientId", config.maskedClientId())
                .put("maskedClientSecret", config.maskedClientSecret())
                .put("mapping", config.mapping() == null ? null : Json.write(config.mapping()))
                .map()));
    }

    private static FieldMapping mapping(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = Json.read(json);
        return new FieldMapping(map(node.path("opportunity")), map(node.path("account")));
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText("")));
        return map;
    }
}
