package io.sfstigg.core.model;

/**
 * What one request asks, as the API parsed it: one type per {@link Operation} (the table is
 * {@link Operation#requestType()}), stored in the ledger and carried on the queue as its JSON,
 * read back as the operation's type.
 */
public sealed interface ProvisioningRequest
        permits CustomerRequest, SubscriptionRequest, CreditGrantRequest, OpportunityAmendment, CancellationRequest,
                StiggEvent {

    /** The Stigg customer the request concerns (its Stigg calls are paced per customer), or null when not known. */
    String stiggCustomerId();
}
