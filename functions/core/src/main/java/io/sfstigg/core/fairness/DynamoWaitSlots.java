package io.sfstigg.core.fairness;

import io.sfstigg.core.dynamo.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Wait slots as items {@code WAIT#<org>#<n>} of the requests table: one BatchGetItem finds the
 * free or expired ones, a conditional PutItem takes one, a conditional DeleteItem (only by its
 * holder) gives it back; the table's TTL removes what is left.
 */
public final class DynamoWaitSlots implements WaitSlots {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWaitSlots(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Slot> acquire(String tenantId, int limit, Instant now, Instant leaseUntil) {
        int slots = Math.min(limit, OrgLimits.MAX_WAITS);
        if (slots <= 0) {
            return Optional.empty();
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            keys.add(key(tenantId, i));
        }
        Set<String> held = new HashSet<>();
        var response = dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
        response.responses().getOrDefault(table, List.of()).forEach(item -> {
            AttributeValue lease = item.get("leaseUntil");
            if (lease != null && Long.parseLong(lease.n()) >= now.toEpochMilli()) {
                held.add(item.get("pk").s());
            }
        });
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            if (!held.contains(pk(tenantId, i))) {
                free.add(i);
            }
        }
        Collections.shuffle(free);
        String holder = UUID.randomUUID().toString();
        for (int index : free) {
            Map<String, AttributeValue> item = Item.create()
                    .put("pk", pk(tenantId, index))
                    .put("holder", holder)
                    .put("leaseUntil", leaseUntil.toEpochMilli())
                    .put("expiresAt", leaseUntil.getEpochSecond() + 60)
                    .map();
            try {
                dynamo.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk) OR leaseUntil < :now")
                        .expressionAttributeValues(Map.of(":now", Item.n(now.toEpochMilli()))));
                return Optional.of(new Slot(tenantId, index, holder));
            } catch (ConditionalCheckFailedException e) {
                // taken meanwhile by another request: try the next free one
            }
        }
        return Optional.empty();
    }

    @Override
    public void release(Slot slot) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(slot.tenantId(), slot.index()))
                    .conditionExpression("holder = :holder")
                    .expressionAttributeValues(Map.of(":holder", Item.s(slot.holder()))));
        } catch (ConditionalCheckFailedException e) {
            // the lease ended and another request holds the slot now: it is theirs
        }
    }

    private static String pk(String tenantId, int index) {
        return "WAIT#" + tenantId + "#" + index;
    }

    private static Map<String, AttributeValue> key(String tenantId, int index) {
        return Map.of("pk", Item.s(pk(tenantId, index)));
    }
}
