package io.sfstigg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.RequestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The ledger in DynamoDB, one item per request keyed by {@code pk} = request id; kept 90 days (TTL). */
public final class DynamoLedger implements Ledger {
    static final Duration RETENTION = Duration.ofDays(90);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    private static final int CONFLICT_ATTEMPTS = 4;
    private static final int TRANSACTION_TRIES = 4;
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoLinkStore links;

    public DynamoLedger(DynamoDbClient dynamo, String table) {
        this(dynamo, table, null);
    }

    /** A ledger that writes a result's links (into {@code links}' table) in the same transaction as the result. */
    public DynamoLedger(DynamoDbClient dynamo, String table, DynamoLinkStore links) {
        this.dynamo = dynamo;
        this.table = table;
        this.links = links;
    }

    @Override
    public boolean create(RequestRecord record) {
        Map<String, AttributeValue> item = item(record);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The ledger put and the org's counter for the current second in one transaction: the counter
     * item {@code RATE#<org>#<epoch second>} grows only while under the limit; the cancellation
     * reasons tell a repeat (the put's condition) from a throttled request (the counter's).
     * Concurrent requests of one org can conflict on the counter: retried a few times, then throttled.
     */
    @Override
    public Created create(RequestRecord record, int requestsPerSecond) {
        if (requestsPerSecond <= 0) {
            return create(record) ? Created.CREATED : Created.EXISTS;
        }
        Map<String, AttributeValue> item = item(record);
        long second = record.createdAt().getEpochSecond();
        Put put = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
        Update count = Update.builder().tableName(table)
                .key(key("RATE#" + record.tenantId() + "#" + second))
                .updateExpression("SET #count = if_not_exists(#count, :zero) + :one, expiresAt = :expires")
                .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":zero", Item.n(0), ":one", Item.n(1),
                        ":limit", Item.n(requestsPerSecond), ":expires", Item.n(second + 120)))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(put).build(), TransactWriteItem.builder().update(count).build()));
                return Created.CREATED;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                String ledger = reasons.size() > 0 ? reasons.get(0).code() : null;
                String counter = reasons.size() > 1 ? reasons.get(1).code() : null;
                if (CONDITION_FAILED.equals(ledger)) {
                    return Created.EXISTS;
                }
                if (CONDITION_FAILED.equals(counter)) {
                    return Created.RATE_LIMITED;
                }
                boolean conflict = TRANSACTION_CONFLICT.equals(ledger) || TRANSACTION_CONFLICT.equals(counter);
                if (!conflict) {
                    throw e;
                }
                if (attempt >= CONFLICT_ATTEMPTS) {
                    return Created.RATE_LIMITED;
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, AttributeValue> item(RequestRecord record) {
        Map<String, AttributeValue> item = Item.create()
                .put("pk", record.requestId())
                .put("tenantId", record.tenantId())
                .put("operation", record.operation().name())
                .put("status", record.status().name())
                .put("idempotencyKey", record.idempotencyKey())
                .put("bodyHash", record.bodyHash())
                .put("payload", Json.writeAsTree(record.payload()))
                .put("stiggCustomerId", record.stiggCustomerId())
                .put("createdAt", record.createdAt())
                .put("updatedAt", record.updatedAt())
                .put("enqueueLeaseUntil", record.enqueueLeaseUntil().toEpochMilli())
                .put("attempts", record.attempts())
                .put("expiresAt", record.createdAt().plus(RETENTION).getEpochSecond())
                .map();
        item.put("steps", AttributeValue.fromM(Map.of()));
        return item;
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
    public Optional<RequestRecord> startAttempt(String requestId, String messageId, int copy, Instant now,
            Instant leaseUntil) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                    .key(key(requestId))
                    .updateExpression("SET #status = :inProgress, attempts = attempts + :one,"
                            + " processingLeaseUntil = :until, updatedAt = :nowText REMOVE deadLetteredAt")
                    .conditionExpression("attribute_exists(pk) AND #status <> :succeeded"
                            + " AND (attribute_not_exists(processingLeaseUntil) OR processingLeaseUntil < :now)"
                            + " AND NOT (#status IN (:failed, :deadLettered) AND failedMessageId = :message"
                            + " AND attribute_not_exists(deadLetteredAt))"
                            + " AND (attribute_not_exists(#copy) OR #copy <= :copy)")
                    .expressionAttributeNames(Map.of("#status", "status", "#copy", "copy"))
                    .expressionAttributeValues(Map.ofEntries(
                            Map.entry(":copy", Item.n(copy)),
                            Map.entry(":inProgress", Item.s(RequestStatus.IN_PROGRESS.name())),
                            Map.entry(":succeeded", Item.s(RequestStatus.SUCCEEDED.name())),
                            Map.entry(":failed", Item.s(RequestStatus.FAILED.name())),
                            Map.entry(":deadLettered", Item.s(RequestStatus.DEAD_LETTERED.name())),
                            Map.entry(":message", Item.s(messageId)),
                            Map.entry(":one", Item.n(1)),
                            Map.entry(":until", Item.n(leaseUntil.toEpochMilli())),
                            Map.entry(":now", Item.n(now.toEpochMilli())),
                            Map.entry(":nowText", Item.s(now.toString()))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(toRecord(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void succeed(String requestId, RequestResult result, Steps steps, List<LinkUpdate> linkUpdates,
            Instant now) {
        Update ledgerWrite = statusUpdate(requestId, RequestStatus.SUCCEEDED, "#result = :result",
                Map.of(":result", Item.s(Json.write(result))), steps, now);
        List<TransactWriteItem> linkWrites = new ArrayList<>();
        if (!linkUpdates.isEmpty()) {
            if (links == null) {
                throw new IllegalStateException("this ledger was built without the links table");
            }
            linkUpdates.forEach(update -> linkWrites.addAll(links.writes(update)));
        }
        if (linkWrites.isEmpty()) {
            execute(ledgerWrite);
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>(linkWrites);
        writes.add(TransactWriteItem.builder().update(ledgerWrite).build());
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
                if (!conflict || attempt >= TRANSACTION_TRIES) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void retrying(String requestId, int copy, int priorReceives, StepError error, Steps steps,
            Instant now) {
        execute(statusUpdate(requestId, RequestStatus.RETRYING,
                "lastError = :error, #copy = :copy, priorReceives = :receives",
                Map.of(":error", Item.s(Json.write(error)), ":copy", Item.n(copy), ":receives", Item.n(priorReceives)),
                steps, now));
    }

    @Override
    public void requeued(String requestId, int copy, StepError error, Steps steps, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":copy", Item.n(copy), ":one", Item.n(1)));
        String assignments = "#copy = :copy, attempts = attempts - :one";
        if (error != null) {
            assignments += ", lastError = :error";
            values.put(":error", Item.s(Json.write(error)));
        }
        execute(statusUpdate(requestId, error == null ? RequestStatus.QUEUED : RequestStatus.RETRYING, assignments,
                values, steps, now));
    }

    @Override
    public void fail(String requestId, StepError error, String messageId, Steps steps, Instant now) {
        execute(statusUpdate(requestId, RequestStatus.FAILED, "lastError = :error, failedMessageId = :message",
                Map.of(":error", Item.s(Json.write(error)), ":message", Item.s(messageId)), steps, now));
    }

    @Override
    public void exhausted(String requestId, StepError error, String messageId, Steps steps, Instant now) {
        execute(statusUpdate(requestId, RequestStatus.DEAD_LETTERED, "lastError = :error, failedMessageId = :message",
                Map.of(":error", Item.s(Json.write(error)), ":message", Item.s(messageId)), steps, now));
    }

    @Override
    public void markDeadLettered(String requestId, RequestStatus status, StepError error, String messageId,
            Instant now) {
        execute(statusUpdate(requestId, status, "lastError = :error, failedMessageId = :message, deadLetteredAt = :now",
                Map.of(":error", Item.s(Json.write(error)), ":message", Item.s(messageId)), null, now));
    }

    /** Sets the status, the steps done and {@code assignments}, and ends the processing lease. */
    private Update statusUpdate(String requestId, RequestStatus status, String assignments,
            Map<String, AttributeValue> values, Steps steps, Instant now) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":status", Item.s(status.name()));
        all.put(":now", Item.s(now.toString()));
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        StringBuilder expression = new StringBuilder("SET #status = :status, updatedAt = :now, ").append(assignments);
        if (steps != null) {
            int i = 0;
            ObjectNode done = Json.MAPPER.valueToTree(steps);
            for (var step : (Iterable<Map.Entry<String, JsonNode>>) done::fields) {
                names.put("#step" + i, step.getKey());
                all.put(":step" + i, Item.s(Json.write(step.getValue())));
                expression.append(", steps.#step").append(i).append(" = :step").append(i);
                i++;
            }
        }
        expression.append(" REMOVE processingLeaseUntil").append(status == RequestStatus.SUCCEEDED ? ", lastError" : "")
                .append(status.isFinal() ? ", priorReceives" : "");
        for (String name : List.of("result", "copy")) {
            if (assignments.contains("#" + name)) {
                names.put("#" + name, name);
            }
        }
        return Update.builder().tableName(table)
                .key(key(requestId))
                .updateExpression(expression.toString())
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(all)
                .build();
    }

    private void execute(Update update) {
        dynamo.updateItem(r -> r.tableName(update.tableName()).key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues()));
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
        String payload = item.text("payload");
        Operation operation = Operation.valueOf(item.text("operation"));
        return new RequestRecord(
                item.text("pk"),
                item.text("tenantId"),
                operation,
                RequestStatus.valueOf(item.text("status")),
                item.text("idempotencyKey"),
                item.text("bodyHash"),
                payload == null ? null : Json.read(payload, operation.requestType()),
                item.text("stiggCustomerId"),
                item.instant("createdAt"),
                item.instant("updatedAt"),
                item.instant("enqueuedAt"),
                item.epochMillis("enqueueLeaseUntil"),
                (int) item.number("attempts", 0),
                error == null ? null : Json.read(error, StepError.class),
                result == null ? null : Json.read(result, RequestResult.typeOf(operation)),
                Json.convert(steps, Steps.class),
                item.text("failedMessageId"),
                item.epochMillis("processingLeaseUntil"),
                item.instant("deadLetteredAt"),
                (int) item.number("copy", 0),
                (int) item.number("priorReceives", 0));
    }
}
