package io.sfstigg.core.links;

import java.util.Optional;

/** The links table: Salesforce records and Stigg entities, each findable from the other. */
public interface LinkStore {
    /** Records that the account is this Stigg customer (both directions). */
    void linkCustomer(String tenantId, String accountId, String accountUrl, String customerId, String customerUrl);

    /** Records a subscription under its account and opportunity (both directions). */
    void linkSubscription(String tenantId, String accountId, String customerId, Link.SubscriptionLink subscription);

    Optional<Link> find(String tenantId, String salesforceId);

    /** The Salesforce record a Stigg customer or subscription came from ({@code kind}: customer, subscription). */
    Optional<String> salesforceIdOf(String tenantId, String kind, String stiggId);
}
