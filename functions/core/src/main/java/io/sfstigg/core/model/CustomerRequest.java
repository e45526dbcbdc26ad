package io.sfstigg.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Create Stigg Customer: creates the customer, or updates it when it exists. */
public record CustomerRequest(
        String salesforceAccountId, String stiggCustomerId, String name, String email, ObjectNode metadata)
        implements ProvisioningRequest {}
