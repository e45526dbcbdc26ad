package io.sfstigg.core.links;

import io.sfstigg.core.dynamo.Item;
import io.sfstigg.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Links keyed by {@code pk}: {@code SF#<tenant>#<salesforceId>} holds the record's customer and a map of its
 * subscriptions; {@code STIGG#<tenant>#<kind>#<id>} points back to the Salesforce record.
 */
public final class DynamoLinkStore implements LinkStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLinkStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void linkCustomer(String tenantId, String accountId, String accountUrl, String customerId, String customerUrl) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", Item.s("Account"));
        values.put(":customer", Item.s(customerId));
        values.put(":empty", AttributeValue.fromM(Map.of()));
        StringBuilder set = new StringBuilder("SET objectType = :type, stiggCustomerId = :customer,"
                + " subscriptions = if_not_exists(subscriptions, :empty)");
        if (accountUrl != null) {
            set.append(", salesforceUrl = :sfUrl");
            values.put(":sfUrl", Item.s(accountUrl));
        }
        if (customerUrl != null) {
            set.append(", stiggCustomerUrl = :customerUrl");
            values.put(":customerUrl", Item.s(customerUrl));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key("SF#" + tenantId + "#" + accountId))
                .updateExpression(set.toString()).expressionAttributeValues(values));
        putBackLink(tenantId, "customer", customerId, accountId);
    }

    @Override
    public void linkSubscription(String tenantId, String accountId, String customerId, Link.SubscriptionLink subscription) {
        AttributeValue entry = Item.s(Json.write(subscription));
        if (accountId != null) {
            addSubscription("SF#" + tenantId + "#" + accountId, "Account", customerId, subscription, entry);
        }
        if (subscription.salesforceOpportunityId() != null) {
            addSubscription("SF#" + tenantId + "#" + subscription.salesforceOpportunityId(), "Opportunity", customerId,
                    subscription, entry);
            putBackLink(tenantId, "subscription", subscription.subscriptionId(), subscription.salesforceOpportunityId());
        }
    }

    private void addSubscription(String pk, String type, String customerId, Link.SubscriptionLink subscription,
            AttributeValue entry) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":type", Item.s(type), ":customer", Item.s(customerId), ":empty", AttributeValue.fromM(Map.of())));
        dynamo.updateItem(r -> r.tableName(table).key(key(pk))
                .updateExpression("SET objectType = if_not_exists(objectType, :type),"
                        + " stiggCustomerId = if_not_exists(stiggCustomerId, :customer),"
                        + " subscriptions = if_not_exists(subscriptions, :empty)")
                .expressionAttributeValues(values));
        Map<String, AttributeValue> entryValue = new HashMap<>(Map.of(":entry", entry));
        String url = "Opportunity".equals(type) ? subscription.salesforceUrl() : null;
        String set = "SET subscriptions.#id = :entry" + (url != null ? ", salesforceUrl = :url" : "");
        if (url != null) {
            entryValue.put(":url", Item.s(url));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(pk)).updateExpression(set)
                .expressionAttributeNames(Map.of("#id", subscription.subscriptionId()))
                .expressionAttributeValues(entryValue));
    }

    private void putBackLink(String tenantId, String kind, String stiggId, String salesforceId) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                "pk", Item.s("STIGG#" + tenantId + "#" + kind + "#" + stiggId),
                "salesforceId", Item.s(salesforceId))));
    }

    @Override
    public Optional<Link> find(String tenantId, String salesforceId) {
        Map<String, AttributeValue> raw = dynamo.getItem(r -> r.tableName(table)
                .key(key("SF#" + tenantId + "#" + salesforceId)).consistentRead(true)).item();
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        Item item = Item.of(raw);
        List<Link.SubscriptionLink> subscriptions = new ArrayList<>();
        AttributeValue map = raw.get("subscriptions");
        if (map != null && map.hasM()) {
            map.m().values().forEach(v -> subscriptions.add(Json.read(v.s(), Link.SubscriptionLink.class)));
        }
        subscriptions.sort(java.util.Comparator.comparing(Link.SubscriptionLink::subscriptionId));
        return Optional.of(new Link(salesforceId, item.text("objectType"), item.text("salesforceUrl"),
                item.text("stiggCustomerId"), item.text("stiggCustomerUrl"), subscriptions));
    }

    @Override
    public Optional<String> salesforceIdOf(String tenantId, String kind, String stiggId) {
        Map<String, AttributeValue> raw = dynamo.getItem(r -> r.tableName(table)
                .key(key("STIGG#" + tenantId + "#" + kind + "#" + stiggId)).consistentRead(true)).item();
        return raw == null || raw.isEmpty() ? Optional.empty() : Optional.ofNullable(Item.of(raw).text("salesforceId"));
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", Item.s(pk));
    }
}
