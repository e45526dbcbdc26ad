package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.ProvisioningRoute.Parsed;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.api.intake.UnknownOpportunityException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.OpportunityChanges;
import io.sfstigg.api.validation.RequestParser;
import java.util.Optional;

/**
 * How a subscription's cancellation is parsed and recorded: only one this org provisioned through
 * the integration; one that came from an opportunity is that opportunity's one cancellation.
 */
final class SubscriptionCancellation {
    private final Services services;

    SubscriptionCancellation(Services services) {
        this.services = services;
    }

    Parsed<CancellationRequest> parse(ApiRequest request, JsonNode body, RequestParser parser) {
        String subscriptionId = request.pathParameter("subscriptionId");
        CancellationRequest cancellation = OpportunityChanges.cancellation(null, subscriptionId, body, services.clock());
        return new Parsed<>(Operation.CANCEL_SUBSCRIPTION, cancellation, null);
    }

    Accepted accept(Tenant tenant, Parsed<CancellationRequest> parsed, String idempotencyKey, int requestsPerSecond) {
        CancellationRequest cancellation = parsed.payload();
        Optional<String> salesforceId = services.linkStore().salesforceIdOf(tenant.tenantId(), "subscription",
                cancellation.subscriptionId());
        if (salesforceId.isEmpty()) {
            throw new UnknownOpportunityException("subscription " + cancellation.subscriptionId()
                    + " was not provisioned through this integration for this org");
        }
        return services.opportunityIntake().cancelSubscription(tenant.tenantId(), cancellation, salesforceId,
                requestsPerSecond);
    }
}
