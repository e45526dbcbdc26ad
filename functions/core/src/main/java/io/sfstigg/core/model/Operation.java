package io.sfstigg.core.model;

/** What a request asks of Stigg; one per provisioning route. */
public enum Operation {
    CREATE_CUSTOMER("customers", CustomerRequest.class),
    CREATE_SUBSCRIPTION("subscriptions", SubscriptionRequest.class),
    CREATE_CREDIT_GRANT("credit-grants", CreditGrantRequest.class),
    PROVISION_OPPORTUNITY("opportunities", SubscriptionRequest.class),
    /** A provisioned opportunity's new desired state: the subscription is changed to match it. */
    AMEND_OPPORTUNITY("opportunities", OpportunityAmendment.class),
    CANCEL_SUBSCRIPTION("cancellations", CancellationRequest.class),
    /** A Stigg webhook event, applied to the linked Salesforce records. */
    APPLY_STIGG_EVENT("webhooks/stigg", StiggEvent.class);

    private final String resource;
    private final Class<? extends ProvisioningRequest> requestType;

    Operation(String resource, Class<? extends ProvisioningRequest> requestType) {
        this.resource = resource;
        this.requestType = requestType;
    }

    /**
     * The one table from operation to what it carries: the type its request is parsed into, stored
     * as and read back as. Intake refuses a request of another type.
     */
    public Class<? extends ProvisioningRequest> requestType() {
        return requestType;
    }

    /** Whether {@code request} is of this operation's type. */
    public boolean carries(ProvisioningRequest request) {
        return requestType.isInstance(request);
    }

    /** The route segment, used in the idempotency key derived from a body. */
    public String resource() {
        return resource;
    }
}
