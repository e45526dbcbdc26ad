package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The customer step: the customer as Stigg holds it (fields Stigg left empty are left out), and whether this request created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerOutcome(String customerId, String name, String email, String salesforceId, boolean created) {

    /** A customer that existed already, left as it is. */
    public static CustomerOutcome existing(String customerId) {
        return new CustomerOutcome(customerId, null, null, null, false);
    }
}
