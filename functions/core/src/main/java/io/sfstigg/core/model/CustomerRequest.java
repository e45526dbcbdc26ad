package io.sfstigg.core.model;

import java.util.Map;

/** Create Stigg Customer: creates the customer, or updates it when it exists. */
public record CustomerRequest(
        String salesforceAccountId, String stiggCustomerId, String name, String email,
        Map<String, MetadataValue> metadata)
        implements ProvisioningRequest {}
