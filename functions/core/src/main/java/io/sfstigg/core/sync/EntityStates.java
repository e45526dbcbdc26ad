package io.sfstigg.core.sync;

import java.time.Instant;

/**
 * Per Stigg entity (a subscription, a customer, a customer's credit balance), the newest state
 * applied to Salesforce and the time it describes, so an older event never overwrites a newer
 * state; and a short lease, so two events of one entity are never applied at the same time.
 */
public interface EntityStates {
    enum Outcome {
        /** The event is newer than anything applied (or is the one being applied): apply it. */
        CLAIMED,
        /** A state as new or newer has been applied or claimed already: nothing to write. */
        STALE,
        /** Another event of this entity is being applied now: try again shortly. */
        BUSY
    }

    /** What a claim found: the outcome and the digest of the values last written to Salesforce. */
    record Claim(Outcome outcome, String appliedDigest) {}

    Claim claim(String tenantId, String entityKey, Instant stateTime, String messageId, Instant now, Instant leaseUntil);

    /** The claimed state has been written (digest of what Salesforce holds now); frees the lease. */
    void applied(String tenantId, String entityKey, String messageId, String digest);

    /** Frees the lease without recording a write (the event failed); the state time stays claimed. */
    void release(String tenantId, String entityKey, String messageId);
}
