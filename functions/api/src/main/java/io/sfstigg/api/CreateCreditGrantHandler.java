package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.ProvisioningRoute.Parsed;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.Operation;

/** {@code POST /v1/credit-grants}: Create Stigg Credit Grant. */
public final class CreateCreditGrantHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpFrame frame;

    public CreateCreditGrantHandler() {
        this(Services.fromEnvironment());
    }

    public CreateCreditGrantHandler(Services services) {
        frame = ProvisioningRoute.frame(services, (request, body, parser) -> {
            CreditGrantRequest grant = parser.creditGrant(body);
            return new Parsed<>(Operation.CREATE_CREDIT_GRANT, grant, grant.stiggCustomerId());
        });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return frame.handleRequest(event, context);
    }
}
