package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.ProvisioningRoute.Parsed;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.intake.RequestIntake.Accepted;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.OpportunityChanges;
import io.sfstigg.api.validation.OpportunityCompiler;
import io.sfstigg.api.validation.RequestParser;

/** How an opportunity's provision is parsed (its line items compiled) and recorded (as its desired state). */
final class OpportunityProvisioning {
    private final Services services;

    OpportunityProvisioning(Services services) {
        this.services = services;
    }

    /** The compiled subscription and how the opportunity asks for it to be applied. */
    record Desired(SubscriptionRequest subscription, OpportunityChanges.Options options) {}

    Parsed<Desired> parse(ApiRequest request, JsonNode body, RequestParser parser) {
        SubscriptionRequest compiled = new OpportunityCompiler(parser.defaultCurrency())
                .compile(request.pathParameter("opportunityId"), body);
        return new Parsed<>(Operation.PROVISION_OPPORTUNITY, new Desired(compiled, OpportunityChanges.options(body)),
                compiled.stiggCustomerId());
    }

    Accepted accept(Tenant tenant, Parsed<Desired> parsed, String idempotencyKey, int requestsPerSecond) {
        Desired desired = parsed.payload();
        return services.opportunityIntake().provision(tenant.tenantId(), desired.subscription(), desired.options(),
                idempotencyKey, requestsPerSecond);
    }
}
