package io.sfstigg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The ledger in DynamoDB, one item per request keyed by {@code pk} = request id; kept 90 days (TTL). */
public final class DynamoLedger implements Ledger {
    static final Duration RETENTION = Duration.ofDays(90);
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(RequestRecord record) {
        Map<String, AttributeValue> item = Item.create()
                .put("pk", record.requestId())
                .put("tenantId", record.tenantId())
                .put("operation", record.operation().name())
                .put("status", record.status().name())
                .put("idempotencyKey", record.idempotencyKey())
                .put("bodyHash", record.bodyHash())
                .put("payload", Json.write(record.payload()))
                .put("stiggCustomerId", record.stiggCustomerId())
                .put("createdAt", record.createdAt())
                .put("updatedAt", record.updatedAt())
                .put("enqueueLeaseUntil", record.enqueueLeaseUntil().toEpochMilli())
                .put("attempts", record.attempts())
                .put("expiresAt", record.createdAt().plus(RETENTION).getEpochSecond())
                .map();
        item.put("steps", AttributeValue.fromM(Map.of()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<RequestRecord> find(String requestId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(requestId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    @Override
    public boolean claimEnqueue(String requestId, Instant now, Instant leaseUntil) {
        return conditionalUpdate(requestId, "SET enqueueLeaseUntil = :until",
                "attribute_exists(pk) AND attribute_not_exists(enqueuedAt)"
                        + " AND (attribute_not_exists(enqueueLeaseUntil) OR enqueueLeaseUntil < :now)",
                Map.of(":until", Item.n(leaseUntil.toEpochMilli()), ":now", Item.n(now.toEpochMilli())));
    }

    @Override
    public void markEnqueued(String requestId, Instant at) {
        update(requestId, "SET enqueuedAt = if_not_exists(enqueuedAt, :at) REMOVE enqueueLeaseUntil",
                Map.of(":at", Item.s(at.toString())));
    }

    @Override
    public void releaseEnqueueLease(String requestId) {
        update(requestId, "REMOVE enqueueLeaseUntil", Map.of());
    }

    @Override
    public Optional<RequestRecord> startAttempt(String requestId, String messageId, Instant now, Instant leaseUntil) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                    .key(key(requestId))
                    .updateExpression("SET #status = :inProgress, attempts = attempts + :one,"
                            + " processingLeaseUntil = :until, updatedAt = :nowText REMOVE deadLetteredAt")
                    .conditionExpression("attribute_exists(pk) AND #status <> :succeeded"
                            + " AND (attribute_not_exists(processingLeaseUntil) OR processingLeaseUntil < :now)"
                            + " AND NOT (#status IN (:failed, :deadLettered) AND failedMessageId = :message"
                            + " AND attribute_not_exists(deadLetteredAt))")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":inProgress", Item.s(RequestStatus.IN_PROGRESS.name()),
                            ":succeeded", Item.s(RequestStatus.SUCCEEDED.name()),
                            ":failed", Item.s(RequestStatus.FAILED.name()),
                            ":deadLettered", Item.s(RequestStatus.DEAD_LETTERED.name()),
                            ":message", Item.s(messageId),
                            ":one", Item.n(1),
                            ":until", Item.n(leaseUntil.toEpochMilli()),
                            ":now", Item.n(now.toEpochMilli()),
                            ":nowText", Item.s(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(toRecord(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void saveStep(String requestId, String step, ObjectNode outcome, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(requestId))
                .updateExpression("SET steps.#step = :outcome, updatedAt = :now")
                .expressionAttributeNames(Map.of("#step", step))
                .expressionAttributeValues(Map.of(":outcome", Item.s(Json.write(outcome)), ":now", Item.s(now.toString()))));
    }

    @Override
    public void succeed(String requestId, ObjectNode result, Instant now) {
        setStatus(requestId, RequestStatus.SUCCEEDED, "#result = :result",
                Map.of(":result", Item.s(Json.write(result))), now);
    }

    @Override
    public void retrying(String requestId, StepError error, Instant now) {
        setStatus(requestId, RequestStatus.RETRYING, "lastError = :error", Map.of(":error", Item.s(Json.write(error))), now);
    }

    @Override
    public void fail(String requestId, RequestStatus status, StepError error, String messageId, Instant now) {
        setStatus(requestId, status, "lastError = :error, failedMessageId = :message",
                Map.of(":error", Item.s(Json.write(error)), ":message", Item.s(messageId)), now);
    }

    @Override
    public void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId,
            Instant now) {
        setStatus(requestId, status, "lastError = :error, failedMessageId = :message, deadLetteredAt = :now",
                Map.of(":error", Item.s(Json.write(error)), ":message", Item.s(messageId)), now);
    }

    /** Sets the status and {@code assignments}, and ends the processing lease. */
    private void setStatus(String requestId, RequestStatus status, String assignments,
            Map<String, AttributeValue> values, Instant now) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":status", Item.s(status.name()));
        all.put(":now", Item.s(now.toString()));
        String expression = "SET #status = :status, updatedAt = :now, " + assignments
                + " REMOVE processingLeaseUntil" + (status == RequestStatus.SUCCEEDED ? ", lastError" : "");
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        if (assignments.contains("#result")) {
            names.put("#result", "result");
        }
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(requestId))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(all));
    }

    private void update(String requestId, String expression, Map<String, AttributeValue> values) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(requestId))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }

    private boolean conditionalUpdate(String requestId, String expression, String condition,
            Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(requestId)).updateExpression(expression)
                    .conditionExpression(condition).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String requestId) {
        return Map.of("pk", Item.s(requestId));
    }

    private static RequestRecord toRecord(Map<String, AttributeValue> raw) {
        Item item = Item.of(raw);
        ObjectNode steps = Json.object();
        AttributeValue stepMap = raw.get("steps");
        if (stepMap != null && stepMap.hasM()) {
            stepMap.m().forEach((name, value) -> steps.set(name, Json.read(value.s())));
        }
        String error = item.text("lastError");
        String result = item.text("result");
        return new RequestRecord(
                item.text("pk"),
                item.text("tenantId"),
                Operation.valueOf(item.text("operation")),
                RequestStatus.valueOf(item.text("status")),
                item.text("idempotencyKey"),
                item.text("bodyHash"),
                readJson(item.text("payload")),
                item.text("stiggCustomerId"),
                item.instant("createdAt"),
                item.instant("updatedAt"),
                item.instant("enqueuedAt"),
                item.epochMillis("enqueueLeaseUntil"),
                (int) item.number("attempts", 0),
                error == null ? null : Json.read(error, StepError.class),
                result == null ? null : (ObjectNode) Json.read(result),
                steps,
                item.text("failedMessageId"),
                item.epochMillis("processingLeaseUntil"),
                item.instant("deadLetteredAt"));
    }

    private static JsonNode readJson(String text) {
        return text == null ? null : Json.read(text);
    }
}
