package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A cancellation's result; the customer and the opportunity when the request named them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancellationResult(
        String stiggCustomerId, String stiggCustomerUrl, String opportunityId, CancellationOutcome cancellation)
        implements RequestResult {}
