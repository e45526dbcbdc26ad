package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.ProvisioningRoute.Parsed;
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

/** How an opportunity's cancellation is parsed and recorded: once per opportunity. */
final class OpportunityCancellation {
    private final Services services;

    OpportunityCancellation(Services services) {
        this.services = services;
    }

    Parsed<CancellationRequest> parse(ApiRequest request, JsonNode body, RequestParser parser) {
        String opportunityId = SalesforceId.to18(request.pathParameter("opportunityId")).orElseThrow(() ->
                new ValidationException(List.of(new FieldError("opportunityId",
                        "the path must hold a 15- or 18-character Salesforce id"))));
        CancellationRequest cancellation = OpportunityChanges.cancellation(opportunityId, null, body, services.clock());
        return new Parsed<>(Operation.CANCEL_SUBSCRIPTION, cancellation, null);
    }

    Accepted accept(Tenant tenant, Parsed<CancellationRequest> parsed, String idempotencyKey, int requestsPerSecond) {
        return services.opportunityIntake().cancelOpportunity(tenant.tenantId(), parsed.payload(), requestsPerSecond);
    }
}
