package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.core.model.CancellationRequest;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.OpportunityChanges;
import io.sfstigg.api.validation.RequestParser;
import java.util.List;

/**
 * {@code POST /v1/opportunities/{opportunityId}/cancel}: Closed Lost after Won, or a churn flow;
 * cancels the opportunity's subscription in Stigg, once.
 */
public final class CancelOpportunityHandler extends ProvisioningRoute {
    public CancelOpportunityHandler() {
        this(Services.fromEnvironment());
    }

    public CancelOpportunityHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        String opportunityId = SalesforceId.to18(request.pathParameter("opportunityId")).orElseThrow(() ->
                new ValidationException(List.of(new FieldError("opportunityId",
                        "the path must hold a 15- or 18-character Salesforce id"))));
        CancellationRequest cancellation = OpportunityChanges.cancellation(opportunityId, null, body, services.clock());
        return new Parsed(Operation.CANCEL_SUBSCRIPTION, cancellation, null);
    }

    @Override
    protected Accepted accept(Tenant tenant, Parsed parsed, String idempotencyKey, int requestsPerSecond) {
        return services.opportunityIntake().cancelOpportunity(tenant.tenantId(), (CancellationRequest) parsed.payload(),
                requestsPerSecond);
    }
}
