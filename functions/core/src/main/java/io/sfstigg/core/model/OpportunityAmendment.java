package io.sfstigg.core.model;

/** A provisioned opportunity's desired state at {@code revision}; the worker changes its subscription to match. */
public record OpportunityAmendment(String opportunityId, Revision revision, ApplyAt applyAt, SubscriptionRequest desired)
        implements ProvisioningRequest {

    /** The customer the desired state names. */
    @Override
    public String stiggCustomerId() {
        return desired == null ? null : desired.stiggCustomerId();
    }
}
