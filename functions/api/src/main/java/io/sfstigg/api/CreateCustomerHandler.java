package io.sfstigg.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import io.sfstigg.api.validation.RequestParser;

/** {@code POST /v1/customers}: Create Stigg Customer (with or without e-mail). */
public final class CreateCustomerHandler extends ProvisioningRoute {
    public CreateCustomerHandler() {
        this(Services.fromEnvironment());
    }

    public CreateCustomerHandler(Services services) {
        super(services);
    }

    @Override
    protected Parsed parse(ApiRequest request, JsonNode body, RequestParser parser) {
        CustomerRequest customer = parser.customer(body);
        return new Parsed(Operation.CREATE_CUSTOMER, customer, customer.stiggCustomerId());
    }
}
