package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.OpportunityChanges;
import io.sfstigg.api.validation.OpportunityCompiler;
import io.sfstigg.api.validation.RequestParser;

/**
 * {@code POST /v1/opportunities/{opportunityId}/provision}: the Closed-Won template as one call;
 * the line items become a customer and a subscription, provisioned in that order. For an
 * opportunity provisioned already, the body is its new desired state: an amendment.
 */
public final class ProvisionOpportunityHandler extends ProvisioningRoute {
    public ProvisionOpportunityHandler() {
        this(Services.fromEnvironment());
    }

    public ProvisionOpportunityHandler(Services services) {
        super(services);
    }

    /** The compiled subscription and how the opportunity asks for it to be applied. */
    private record Desired(SubscriptionRequest subscription, OpportunityChanges.Options options) {}

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        SubscriptionRequest compiled = new OpportunityCompiler(parser.defaultCurrency())
                .compile(request.pathParameter("opportunityId"), body);
        return new Parsed(Operation.PROVISION_OPPORTUNITY, new Desired(compiled, OpportunityChanges.options(body)),
                compiled.stiggCustomerId());
    }

    @Override
    protected Accepted accept(Tenant tenant, Parsed parsed, String idempotencyKey, int requestsPerSecond) {
        Desired desired = (Desired) parsed.payload();
        return services.opportunityIntake().provision(tenant.tenantId(), desired.subscription(), desired.options(),
                idempotencyKey, requestsPerSecond);
    }
}
