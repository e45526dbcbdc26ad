package io.sfstigg.core.links;

import java.util.List;

/** What a Salesforce record is in Stigg: its customer and its subscriptions, with links both ways. */
public record Link(
        String salesforceId,
        String objectType,
        String salesforceUrl,
        String stiggCustomerId,
        String stiggCustomerUrl,
        List<SubscriptionLink> subscriptions) {

    public record SubscriptionLink(
            String subscriptionId, String subscriptionUrl, String salesforceOpportunityId, String salesforceUrl) {}
}
