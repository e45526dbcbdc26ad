package io.sfstigg.core.tenant;

import io.sfstigg.core.dynamo.Item;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Tenants and tokens in one table keyed by {@code pk}: {@code TENANT#<orgId>}, {@code TOKEN#<tokenId>}. */
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
    public void save(Tenant tenant) {
        dynamo.putItem(r -> r.tableName(table).item(toItem(tenant)));
    }

    @Override
    public Optional<TenantToken> findToken(String tokenId) {
        return get("TOKEN#" + tokenId).map(item -> new TenantToken(
                item.text("tokenId"), item.text("tenantId"), item.text("secretHash"),
                item.instant("createdAt"), item.instant("revokedAt")));
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
                .put("keyValidatedAt", tenant.keyValidatedAt());
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
                item.number("stiggOperationLimit", 0) == 0 ? null : new StiggLimits(
                        (int) item.number("stiggOperationLimit", 0), (int) item.number("stiggCustomerLimit", 0)));
    }
}
