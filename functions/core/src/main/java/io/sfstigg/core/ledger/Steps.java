package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The steps of a multi-step request (a subscription's or an opportunity's provisioning) that
 * succeeded, so a retry resumes after the last of them; a step not done is null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Steps(CompletedStep<CustomerOutcome> customer, CompletedStep<SubscriptionOutcome> subscription) {
    public static final Steps NONE = new Steps(null, null);

    public Steps withCustomer(CompletedStep<CustomerOutcome> done) {
        return new Steps(done, subscription);
    }

    public Steps withSubscription(CompletedStep<SubscriptionOutcome> done) {
        return new Steps(customer, done);
    }

    /** These steps and those of {@code more} (its own where both have one): what the ledger keeps once {@code more} is saved. */
    public Steps and(Steps more) {
        return new Steps(more.customer != null ? more.customer : customer,
                more.subscription != null ? more.subscription : subscription);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return customer == null && subscription == null;
    }
}
