package io.sfstigg.core.tenant;

import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.dynamo.Update;
import io.sfstigg.core.fairness.OrgLimits;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Tenants and tokens in one table keyed by {@code pk}: {@code TENANT#<orgId>}, {@code TOKEN#<tokenId>}.
 * A tenant item is put once, on registration; later writes are UpdateItems of their own attributes
 * on an existing item, each stamping {@code updatedAt} and adding one to {@code version}.
 */
public final class DynamoTenantStore implements TenantStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return get("TENANT#" + tenantId).map(DynamoTenantStore::toTenant);
    }

    @Override
    public boolean create(Tenant tenant) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(tenant)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Tenant> saveConfiguration(String tenantId, StiggConfiguration configuration, Instant at) {
        StiggLimits limits = configuration.limits();
        return update(tenantId, new Update()
                .setOrRemove("stiggEnvironmentSlug", configuration.environmentSlug())
                .setOrRemove("defaultCurrency", configuration.defaultCurrency())
                .setOrRemove("stiggKeySecretId", configuration.keySecretId())
                .setOrRemove("maskedKey", configuration.maskedKey())
                .setOrRemove("keyValidatedAt", configuration.keyValidatedAt())
                .setOrRemove("stiggOperationLimit", limits == null ? null : limits.perOperationPerMinute())
                .setOrRemove("stiggCustomerLimit", limits == null ? null : limits.perCustomerPerMinute()), at);
    }

    @Override
    public Optional<Tenant> apply(String tenantId, TenantChange change, Instant at) {
        Update update = new Update();
        if (change.disabled() != null) {
            update.set("disabled", change.disabled());
        }
        if (change.requestsPerSecond() != null) {
            update.setOrRemove("requestsPerSecond", change.requestsPerSecond());
        }
        if (change.maxConcurrentWaits() != null) {
            update.setOrRemove("maxConcurrentWaits", change.maxConcurrentWaits());
        }
        return update(tenantId, update, at);
    }

    /** Changes only the attributes in {@code update} (and the item's version), never creating an org. */
    private Optional<Tenant> update(String tenantId, Update update, Instant at) {
        update.setOrRemove("updatedAt", at).increment("version");
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", Item.s("TENANT#" + tenantId)))
                    .updateExpression(update.expression())
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(update.names())
                    .expressionAttributeValues(update.values())
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(toTenant(Item.of(item)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<TenantToken> findToken(String tokenId) {
        return get("TOKEN#" + tokenId).map(DynamoTenantStore::toToken);
    }

    private static TenantToken toToken(Item item) {
        return new TenantToken(item.text("tokenId"), item.text("tenantId"), item.text("secretHash"),
                item.instant("createdAt"), item.instant("revokedAt"));
    }

    /** With a hint, one consistent batch read of both items; the token's own tenant is read apart only when the hint is wrong. */
    @Override
    public Optional<TokenAndTenant> findTokenAndTenant(String tokenId, String tenantIdHint) {
        if (tenantIdHint == null) {
            return TenantStore.super.findTokenAndTenant(tokenId, null);
        }
        List<Map<String, AttributeValue>> keys = List.of(Map.of("pk", Item.s("TOKEN#" + tokenId)),
                Map.of("pk", Item.s("TENANT#" + tenantIdHint)));
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int round = 0; round < 5 && !pending.isEmpty(); round++) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
            response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(item.get("pk").s(), item));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        if (!pending.isEmpty()) {
            return TenantStore.super.findTokenAndTenant(tokenId, null);
        }
        Map<String, AttributeValue> tokenItem = found.get("TOKEN#" + tokenId);
        if (tokenItem == null) {
            return Optional.empty();
        }
        TenantToken token = toToken(Item.of(tokenItem));
        Map<String, AttributeValue> tenantItem = found.get("TENANT#" + tenantIdHint);
        Tenant tenant = token.tenantId().equals(tenantIdHint)
                ? (tenantItem == null ? null : toTenant(Item.of(tenantItem)))
                : find(token.tenantId()).orElse(null);
        return Optional.of(new TokenAndTenant(token, tenant));
    }

    @Override
    public void saveToken(TenantToken token) {
        Item item = Item.create()
                .put("pk", "TOKEN#" + token.tokenId())
                .put("kind", "token")
                .put("tokenId", token.tokenId())
                .put("tenantId", token.tenantId())
                .put("secretHash", token.secretHash())
                .put("createdAt", token.createdAt())
                .put("revokedAt", token.revokedAt());
        dynamo.putItem(r -> r.tableName(table).item(item.map()));
    }

    @Override
    public boolean revokeToken(String tenantId, String tokenId, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", Item.s("TOKEN#" + tokenId)))
                    .updateExpression("SET revokedAt = if_not_exists(revokedAt, :at)")
                    .conditionExpression("attribute_exists(pk) AND tenantId = :tenant")
                    .expressionAttributeValues(Map.of(":at", Item.s(at.toString()), ":tenant", Item.s(tenantId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Optional<Item> get(String pk) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("pk", Item.s(pk))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Item.of(item));
    }

    private static Map<String, AttributeValue> toItem(Tenant tenant) {
        Item item = Item.create()
                .put("pk", "TENANT#" + tenant.tenantId())
                .put("kind", "tenant")
                .put("tenantId", tenant.tenantId())
                .put("name", tenant.name())
                .put("salesforceDomain", tenant.salesforceDomain())
                .put("disabled", tenant.disabled())
                .put("createdAt", tenant.createdAt())
                .put("stiggEnvironmentSlug", tenant.stiggEnvironmentSlug())
                .put("defaultCurrency", tenant.defaultCurrency())
                .put("stiggKeySecretId", tenant.stiggKeySecretId())
                .put("maskedKey", tenant.maskedKey())
                .put("keyValidatedAt", tenant.keyValidatedAt())
                .put("updatedAt", tenant.createdAt())
                .put("version", 1);
        OrgLimits limits = tenant.limits() == null ? new OrgLimits(null, null) : tenant.limits();
        if (limits.requestsPerSecond() != null) {
            item.put("requestsPerSecond", limits.requestsPerSecond());
        }
        if (limits.maxConcurrentWaits() != null) {
            item.put("maxConcurrentWaits", limits.maxConcurrentWaits());
        }
        if (tenant.stiggLimits() != null) {
            item.put("stiggOperationLimit", tenant.stiggLimits().perOperationPerMinute())
                    .put("stiggCustomerLimit", tenant.stiggLimits().perCustomerPerMinute());
        }
        return item.map();
    }

    private static Tenant toTenant(Item item) {
        return new Tenant(
                item.text("tenantId"),
                item.text("name"),
                item.text("salesforceDomain"),
                item.bool("disabled"),
                item.instant("createdAt"),
                item.text("stiggEnvironmentSlug"),
                item.text("defaultCurrency"),
                item.text("stiggKeySecretId"),
                item.text("maskedKey"),
                item.instant("keyValidatedAt"),
                new OrgLimits(optionalInt(item, "requestsPerSecond"), optionalInt(item, "maxConcurrentWaits")),
                item.number("stiggOperationLimit", 0) == 0 ? null : new StiggLimits(
                        (int) item.number("stiggOperationLimit", 0), (int) item.number("stiggCustomerLimit", 0)));
    }

    private static Integer optionalInt(Item item, String name) {
        long value = item.number(name, -1);
        return value < 0 ? null : (int) value;
    }
}
