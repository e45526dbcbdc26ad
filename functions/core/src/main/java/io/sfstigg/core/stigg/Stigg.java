package io.sfstigg.core.stigg;

import java.util.List;
import java.util.Optional;

/** Stigg's GraphQL API, the calls the provisioner makes. Every call throws {@link StiggException} on failure. */
public interface Stigg {
    /** Creates the customer; {@code DuplicatedEntityNotAllowed} when it exists. Returns the customer. */
    StiggCustomer provisionCustomer(String apiKey, CustomerInput input);

    StiggCustomer updateCustomer(String apiKey, CustomerInput input);

    /** The customer with its subscriptions, or empty when Stigg has none with that id. */
    Optional<StiggCustomer> findCustomer(String apiKey, String customerId);

    ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input);

    /** {@code updateOneSubscription}: the subscription as it is after the change (or with the change scheduled). */
    StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input);

    /** {@code cancelSubscription}; {@code SubscriptionNotFound}, or an error when it was cancelled already. */
    StiggCancellation cancelSubscription(String apiKey, CancellationInput input);

    StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input);

    /** The customer's grants in that currency (every page). */
    List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId);
}
