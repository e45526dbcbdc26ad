package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A subscription's or an opportunity's provisioning: the customer step's and the subscription step's outcomes. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SubscriptionResult(
        String stiggCustomerId, String stiggCustomerUrl, CustomerOutcome customer, SubscriptionOutcome subscription)
        implements RequestResult {}
