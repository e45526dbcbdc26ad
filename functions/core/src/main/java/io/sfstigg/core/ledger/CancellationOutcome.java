package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The cancellation: the subscription, when it ends, and whether it had been cancelled already (then CANCELED, no date). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancellationOutcome(
        @JsonInclude(JsonInclude.Include.ALWAYS) String subscriptionId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String subscriptionUrl,
        @JsonInclude(JsonInclude.Include.ALWAYS) String cancellationTime,
        @JsonInclude(JsonInclude.Include.ALWAYS) String status,
        String cancellationDate,
        boolean alreadyCancelled) {}
