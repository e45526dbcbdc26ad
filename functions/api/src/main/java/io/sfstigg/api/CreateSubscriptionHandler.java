package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.api.validation.RequestParser;

/** {@code POST /v1/subscriptions}: Create Stigg Subscription; the customer is created first when missing. */
public final class CreateSubscriptionHandler extends ProvisioningRoute {
    public CreateSubscriptionHandler() {
        this(Services.fromEnvironment());
    }

    public CreateSubscriptionHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        SubscriptionRequest subscription = parser.subscription(body);
        return new Parsed(Operation.CREATE_SUBSCRIPTION, subscription, subscription.stiggCustomerId());
    }
}
