package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Create Stigg Customer's result: the customer and where it is in Stigg. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerResult(String stiggCustomerId, String stiggCustomerUrl, CustomerOutcome customer)
        implements RequestResult {}
