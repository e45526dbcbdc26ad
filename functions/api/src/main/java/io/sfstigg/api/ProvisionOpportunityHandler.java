package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.validation.OpportunityCompiler;
import io.sfstigg.core.validation.RequestParser;

/**
 * {@code POST /v1/opportunities/{opportunityId}/provision}: the Closed-Won template as one call;
 * the line items become a customer and a subscription, provisioned in that order.
 */
public final class ProvisionOpportunityHandler extends ProvisioningRoute {
    public ProvisionOpportunityHandler() {
        this(Services.shared());
    }

    public ProvisionOpportunityHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        SubscriptionRequest compiled = new OpportunityCompiler(parser.defaultCurrency())
                .compile(request.pathParameter("opportunityId"), body);
        return new Parsed(Operation.PROVISION_OPPORTUNITY, compiled, compiled.stiggCustomerId());
    }
}
