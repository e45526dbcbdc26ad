package io.sfstigg.core.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Stigg's GraphQL API, the calls the provisioner makes. Every call throws {@link StiggException} on failure. */
public interface Stigg {
    /** Creates the customer; {@code DuplicatedEntityNotAllowed} when it exists. Returns the customer. */
    JsonNode provisionCustomer(String apiKey, ObjectNode input);

    JsonNode updateCustomer(String apiKey, ObjectNode input);

    /** The customer with its subscriptions, or empty when Stigg has none with that id. */
    Optional<JsonNode> findCustomer(String apiKey, String customerId);

    /** Returns {@code {id, status, checkoutUrl, subscription {...}}}. */
    JsonNode provisionSubscription(String apiKey, ObjectNode input);

    /** {@code updateOneSubscription}: the subscription as it is after the change (or with the change scheduled). */
    JsonNode updateSubscription(String apiKey, ObjectNode input);

    /** {@code cancelSubscription}; {@code SubscriptionNotFound}, or an error when it was cancelled already. */
    JsonNode cancelSubscription(String apiKey, ObjectNode input);

    JsonNode createCreditGrant(String apiKey, ObjectNode input);

    /** The customer's grants in that currency (every page). */
    List<JsonNode> creditGrants(String apiKey, String customerId, String currencyId);
}
