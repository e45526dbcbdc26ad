package io.sfstigg.core.sync;

import io.sfstigg.core.dynamo.Item;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Entity states in the links table, keyed {@code STATE#<orgId>#<entityKey>}; times as epoch milliseconds. */
public final class DynamoEntityStates implements EntityStates {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEntityStates(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Claim claim(String tenantId, String entityKey, Instant stateTime, String messageId, Instant now,
            Instant leaseUntil) {
        Map<String, AttributeValue> key = key(tenantId, entityKey);
        try {
            var old = dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET stateTime = :t, messageId = :m, leaseUntil = :lease")
                    .conditionExpression("attribute_not_exists(pk) OR messageId = :m"
                            + " OR (stateTime < :t AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now))")
                    .expressionAttributeValues(Map.of(":t", Item.n(stateTime.toEpochMilli()), ":m", Item.s(messageId),
                            ":lease", Item.n(leaseUntil.toEpochMilli()), ":now", Item.n(now.toEpochMilli())))
                    .returnValues("ALL_OLD")).attributes();
            return new Claim(Outcome.CLAIMED, old == null ? null : Item.of(old).text("digest"));
        } catch (ConditionalCheckFailedException e) {
            var item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            Item current = Item.of(item);
            Instant applied = current.epochMillis("stateTime");
            Outcome outcome = applied != null && !applied.isBefore(stateTime) ? Outcome.STALE : Outcome.BUSY;
            return new Claim(outcome, current.text("digest"));
        }
    }

    @Override
    public void applied(String tenantId, String entityKey, String messageId, String digest) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(tenantId, entityKey))
                    .updateExpression("SET digest = :d REMOVE leaseUntil")
                    .conditionExpression("messageId = :m")
                    .expressionAttributeValues(Map.of(":d", Item.s(digest), ":m", Item.s(messageId))));
        } catch (ConditionalCheckFailedException e) {
            // a newer event's claim took over after this lease expired: its state is the one to keep
        }
    }

    @Override
    public void release(String tenantId, String entityKey, String messageId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(tenantId, entityKey))
                    .updateExpression("REMOVE leaseUntil")
                    .conditionExpression("messageId = :m")
                    .expressionAttributeValues(Map.of(":m", Item.s(messageId))));
        } catch (ConditionalCheckFailedException e) {
            // another event holds the entity now
        }
    }

    private static Map<String, AttributeValue> key(String tenantId, String entityKey) {
        return Map.of("pk", Item.s("STATE#" + tenantId + "#" + entityKey));
    }
}
