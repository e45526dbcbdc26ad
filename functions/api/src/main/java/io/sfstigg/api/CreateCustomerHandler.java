package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.ProvisioningRoute.Parsed;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;

/** {@code POST /v1/customers}: Create Stigg Customer (with or without e-mail). */
public final class CreateCustomerHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public CreateCustomerHandler() {
        this(Services.fromEnvironment());
    }

    public CreateCustomerHandler(Services services) {
        frame = ProvisioningRoute.frame(services, (request, body, parser) -> {
            CustomerRequest customer = parser.customer(body);
            return new Parsed<>(Operation.CREATE_CUSTOMER, customer, customer.stiggCustomerId());
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
