package io.sfstigg.core.model;

/** What a request asks of Stigg; one per provisioning route. */
public enum Operation {
    CREATE_CUSTOMER("customers"),
    CREATE_SUBSCRIPTION("subscriptions"),
    CREATE_CREDIT_GRANT("credit-grants"),
    PROVISION_OPPORTUNITY("opportunities"),
    /** A provisioned opportunity's new desired state: the subscription is changed to match it. */
    AMEND_OPPORTUNITY("opportunities"),
    CANCEL_SUBSCRIPTION("cancellations"),
    /** A Stigg webhook event, applied to the linked Salesforce records. */
    APPLY_STIGG_EVENT("webhooks/stigg");

    private final String resource;

    Operation(String resource) {
        this.resource = resource;
    }

    /** The route segment, used in the idempotency key derived from a body. */
    public String resource() {
        return resource;
    }
}
