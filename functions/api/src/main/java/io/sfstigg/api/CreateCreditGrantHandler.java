package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.api.validation.RequestParser;

/** {@code POST /v1/credit-grants}: Create Stigg Credit Grant. */
public final class CreateCreditGrantHandler extends ProvisioningRoute {
    public CreateCreditGrantHandler() {
        this(Services.fromEnvironment());
    }

    public CreateCreditGrantHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        CreditGrantRequest grant = parser.creditGrant(body);
        return new Parsed(Operation.CREATE_CREDIT_GRANT, grant, grant.stiggCustomerId());
    }
}
