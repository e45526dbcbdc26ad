package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfstigg.core.opportunity.SubscriptionChange.Aspect;
import java.util.List;

/**
 * An opportunity's amendment: the revision applied, the subscription it applies to, what changed
 * ({@code unchanged} when nothing did and no earlier attempt applied it), and when it applies
 * ({@code applyAt}, left out when an earlier attempt had applied it).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AmendmentResult(
        String stiggCustomerId,
        String stiggCustomerUrl,
        String opportunityId,
        String revision,
        AmendedSubscription subscription,
        List<Aspect> changes,
        boolean unchanged,
        boolean stiggCalled,
        @JsonInclude(JsonInclude.Include.NON_NULL) String applyAt) implements RequestResult {

    public AmendmentResult {
        changes = List.copyOf(changes);
    }

    /** The opportunity's subscription after the amendment and the plan applied. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AmendedSubscription(String subscriptionId, String subscriptionUrl, String planId) {}
}
