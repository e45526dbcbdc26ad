package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Create Stigg Credit Grant's result. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreditGrantResult(String stiggCustomerId, String stiggCustomerUrl, CreditGrantOutcome creditGrant)
        implements RequestResult {}
