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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Links keyed by {@code pk}: {@code SF#<tenant>#<salesforceId>} holds the record's customer and its
 * subscriptions, one attribute {@code sub:<subscriptionId>} each (items written before that keep a map
 * {@code subscriptions}, still read); {@code STIGG#<tenant>#<kind>#<id>} points back to the Salesforce record.
 */
public final class DynamoLinkStore implements LinkStore {
    private static final String SUBSCRIPTION_PREFIX = "sub:";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLinkStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The writes of {@code update}, for a transaction: the account's item (its customer, and the
     * subscription as an attribute {@code sub:<id>}), the opportunity's item, and the back links.
     */
    public List<TransactWriteItem> writes(LinkUpdate update) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Link.SubscriptionLink subscription = update.subscription();
        String tenantId = update.tenantId();
        if (update.accountId() != null) {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":type", Item.s("Account"), ":customer", Item.s(update.customerId())));
            Map<String, String> names = new HashMap<>();
            StringBuilder set = new StringBuilder("SET objectType = :type, stiggCustomerId = :customer");
            if (update.accountUrl() != null) {
                set.append(", salesforceUrl = :sfUrl");
                values.put(":sfUrl", Item.s(update.accountUrl()));
            }
            if (update.customerUrl() != null) {
                set.append(", stiggCustomerUrl = :customerUrl");
                values.put(":customerUrl", Item.s(update.customerUrl()));
            }
            if (subscription != null) {
                set.append(", #sub = :entry");
                names.put("#sub", SUBSCRIPTION_PREFIX + subscription.subscriptionId());
                values.put(":entry", Item.s(Json.write(subscription)));
            }
            writes.add(update(key("SF#" + tenantId + "#" + update.accountId()), set.toString(), names, values));
            writes.add(backLink(tenantId, "customer", update.customerId(), update.accountId()));
        }
        if (subscription != null && subscription.salesforceOpportunityId() != null) {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", Item.s("Opportunity"),
                    ":customer", Item.s(update.customerId()), ":entry", Item.s(Json.write(subscription))));
            String set = "SET objectType = if_not_exists(objectType, :type),"
                    + " stiggCustomerId = if_not_exists(stiggCustomerId, :customer), #sub = :entry";
            if (subscription.salesforceUrl() != null) {
                set += ", salesforceUrl = :url";
                values.put(":url", Item.s(subscription.salesforceUrl()));
            }
            writes.add(update(key("SF#" + tenantId + "#" + subscription.salesforceOpportunityId()), set,
                    Map.of("#sub", SUBSCRIPTION_PREFIX + subscription.subscriptionId()), values));
            writes.add(backLink(tenantId, "subscription", subscription.subscriptionId(),
                    subscription.salesforceOpportunityId()));
        }
        return writes;
    }

    private TransactWriteItem update(Map<String, AttributeValue> key, String expression, Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key).updateExpression(expression)
                .expressionAttributeNames(names.isEmpty() ? null : names).expressionAttributeValues(values)).build();
    }

    private TransactWriteItem backLink(String tenantId, String kind, String stiggId, String salesforceId) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                "pk", Item.s("STIGG#" + tenantId + "#" + kind + "#" + stiggId),
                "salesforceId", Item.s(salesforceId)))).build();
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
        raw.forEach((name, value) -> {
            if (name.startsWith(SUBSCRIPTION_PREFIX) && (map == null || !map.hasM() || !map.m().containsKey(
                    name.substring(SUBSCRIPTION_PREFIX.length())))) {
                subscriptions.add(Json.read(value.s(), Link.SubscriptionLink.class));
            }
        });
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
