package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfstigg.core.model.MetadataValue;
import java.util.Map;

/** {@code ProvisionCustomerInput} and {@code UpdateCustomerInput}: the customer as we send it; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerInput(
        String customerId, String name, String email, String salesforceId, Map<String, MetadataValue> additionalMetaData) {}
