package io.sfstigg.core.ledger;

import io.sfstigg.core.model.Operation;

/**
 * What a request left when it succeeded, one shape per operation, stored and shown as JSON. A
 * component always written (even null) carries {@code Include.ALWAYS}; one written only when
 * known is left out when null: the JSON is what callers of the status route have always read.
 */
public sealed interface RequestResult permits CustomerResult, SubscriptionResult, CreditGrantResult,
        CancellationResult, AmendmentResult, SyncResult {

    /** The result type of an operation: how a stored result is read back. */
    static Class<? extends RequestResult> typeOf(Operation operation) {
        return switch (operation) {
            case CREATE_CUSTOMER -> CustomerResult.class;
            case CREATE_SUBSCRIPTION, PROVISION_OPPORTUNITY -> SubscriptionResult.class;
            case CREATE_CREDIT_GRANT -> CreditGrantResult.class;
            case CANCEL_SUBSCRIPTION -> CancellationResult.class;
            case AMEND_OPPORTUNITY -> AmendmentResult.class;
            case APPLY_STIGG_EVENT -> SyncResult.class;
        };
    }
}
