package io.sfstigg.core.opportunity;

import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.ApplyAt;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.Revision;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.opportunity.OpportunityState.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Opportunity state in the requests table (the ledger), one item per tenant and opportunity under
 * {@code pk = opp#{tenantId}#{opportunityId}}, beside the request items; written only with
 * UpdateItem, read with GetItem. No TTL: it lives as long as the subscription it points to.
 */
public final class DynamoOpportunityStore implements OpportunityStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOpportunityStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String key(String tenantId, String opportunityId) {
        return "opp#" + tenantId + "#" + opportunityId;
    }

    @Override
    public Optional<OpportunityState> find(String tenantId, String opportunityId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("pk", Item.s(key(tenantId, opportunityId)))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toState(item));
    }

    @Override
    public boolean registerOriginal(String tenantId, String opportunityId, String requestId, Revision revision,
            boolean newSubscription, ApplyAt applyAt, String stiggCustomerId, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":tenant", Item.s(tenantId));
        values.put(":opp", Item.s(opportunityId));
        values.put(":req", Item.s(requestId));
        values.put(":new", AttributeValue.fromBool(newSubscription));
        values.put(":customer", Item.s(stiggCustomerId));
        values.put(":now", Item.s(now.toString()));
        String set = "SET tenantId = :tenant, opportunityId = :opp, originalRequestId = :req, newSubscription = :new,"
                + " stiggCustomerId = :customer, createdAt = :now, updatedAt = :now";
        if (applyAt != null) {
            set += ", applyAt = :applyAt";
            values.put(":applyAt", Item.s(applyAt.name()));
        }
        if (revision != null) {
            set += ", originalRevision = :rev, originalRevisionText = :revText";
            values.put(":rev", Item.n(revision.value()));
            values.put(":revText", Item.s(revision.text()));
        }
        return conditional(tenantId, opportunityId, set, "attribute_not_exists(pk)", values);
    }

    @Override
    public void addHistory(String tenantId, String opportunityId, String requestId, Operation operation,
            Revision revision, Instant now) {
        Map<String, AttributeValue> entry = Item.create()
                .put("requestId", requestId)
                .put("operation", operation.name())
                .put("revision", revision == null ? null : revision.text())
                .put("at", now)
                .map();
        dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", Item.s(key(tenantId, opportunityId))))
                .updateExpression("SET history = list_append(if_not_exists(history, :empty), :entry), updatedAt = :now")
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromL(List.of()),
                        ":entry", AttributeValue.fromL(List.of(AttributeValue.fromM(entry))),
                        ":now", Item.s(now.toString()))));
    }

    @Override
    public boolean recordApplied(String tenantId, String opportunityId, String requestId, Revision revision,
            String subscriptionId, SubscriptionRequest applied, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":req", Item.s(requestId));
        values.put(":sub", Item.s(subscriptionId));
        values.put(":applied", Item.s(Json.writeAsTree(applied)));
        values.put(":now", Item.s(now.toString()));
        String set = "SET appliedRequestId = :req, subscriptionId = :sub, applied = :applied, appliedAt = :now,"
                + " updatedAt = :now";
        String condition;
        if (revision == null) {
            set += " REMOVE appliedRevision, appliedRevisionText";
            condition = "attribute_not_exists(appliedRevision) OR appliedRequestId = :req";
        } else {
            set += ", appliedRevision = :rev, appliedRevisionText = :revText";
            values.put(":rev", Item.n(revision.value()));
            values.put(":revText", Item.s(revision.text()));
            condition = "attribute_not_exists(appliedRevision) OR appliedRevision < :rev OR appliedRequestId = :req";
        }
        return conditional(tenantId, opportunityId, set, condition, values);
    }

    @Override
    public boolean claimChange(String tenantId, String opportunityId, String requestId, Instant now, Instant until) {
        return conditional(tenantId, opportunityId, "SET changeRequestId = :req, changeLeaseUntil = :until",
                "attribute_exists(pk) AND (attribute_not_exists(changeLeaseUntil) OR changeLeaseUntil < :now"
                        + " OR changeRequestId = :req)",
                Map.of(":req", Item.s(requestId), ":until", Item.n(until.toEpochMilli()), ":now", Item.n(now.toEpochMilli())));
    }

    @Override
    public void releaseChange(String tenantId, String opportunityId, String requestId) {
        conditional(tenantId, opportunityId, "REMOVE changeRequestId, changeLeaseUntil", "changeRequestId = :req",
                Map.of(":req", Item.s(requestId)));
    }

    @Override
    public boolean claimCancellation(String tenantId, String opportunityId, String requestId, Instant now) {
        return conditional(tenantId, opportunityId, "SET cancelRequestId = :req, updatedAt = :now",
                "attribute_exists(pk) AND (attribute_not_exists(cancelRequestId) OR cancelRequestId = :req)",
                Map.of(":req", Item.s(requestId), ":now", Item.s(now.toString())));
    }

    private boolean conditional(String tenantId, String opportunityId, String update, String condition,
            Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", Item.s(key(tenantId, opportunityId))))
                    .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static OpportunityState toState(Map<String, AttributeValue> map) {
        Item item = Item.of(map);
        List<HistoryEntry> history = new ArrayList<>();
        AttributeValue list = map.get("history");
        if (list != null && list.hasL()) {
            for (AttributeValue value : list.l()) {
                Item entry = Item.of(value.m());
                history.add(new HistoryEntry(entry.text("requestId"), Operation.valueOf(entry.text("operation")),
                        entry.text("revision"), entry.instant("at")));
            }
        }
        String applied = item.text("applied");
        return new OpportunityState(item.text("tenantId"), item.text("opportunityId"), item.text("originalRequestId"),
                revision(item, "originalRevision"), item.bool("newSubscription"),
                item.text("applyAt") == null ? null : ApplyAt.valueOf(item.text("applyAt")), item.text("stiggCustomerId"),
                item.text("subscriptionId"), item.text("appliedRequestId"), revision(item, "appliedRevision"),
                applied == null ? null : Json.read(applied, SubscriptionRequest.class), item.instant("appliedAt"),
                item.text("cancelRequestId"), List.copyOf(history));
    }

    private static Revision revision(Item item, String name) {
        AttributeValue value = item.map().get(name);
        return value == null || value.n() == null ? null : new Revision(Long.parseLong(value.n()), item.text(name + "Text"));
    }
}
