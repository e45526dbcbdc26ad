package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code POST /v1/subscriptions/{subscriptionId}/cancel}: cancels a subscription this org
 * provisioned through the integration; one that came from an opportunity is that opportunity's
 * one cancellation.
 */
public final class CancelSubscriptionHandler extends ProvisioningRoute {
    public CancelSubscriptionHandler() {
        this(Services.fromEnvironment());
    }

    public CancelSubscriptionHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        String subscriptionId = request.pathParameter("subscriptionId");
        CancellationRequest cancellation = OpportunityChanges.cancellation(null, subscriptionId, body, services.clock());
        return new Parsed(Operation.CANCEL_SUBSCRIPTION, cancellation, null);
    }

    @Override
    protected Accepted accept(Tenant tenant, Parsed parsed, String idempotencyKey, int requestsPerSecond) {
        CancellationRequest cancellation = (CancellationRequest) parsed.payload();
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
