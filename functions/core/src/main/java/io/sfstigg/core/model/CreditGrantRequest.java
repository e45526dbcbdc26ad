package io.sfstigg.core.model;

import java.math.BigDecimal;

/** Create Stigg Credit Grant, every parameter of the seed's table; dates are ISO-8601 instants. */
public record CreditGrantRequest(
        String stiggCustomerId,
        GrantType grantType,
        String currencyId,
        String displayName,
        BigDecimal amount,
        String resourceId,
        String comment,
        String effectiveDate,
        String expirationDate,
        BigDecimal priority,
        PaymentCollectionMethod paymentCollectionMethod,
        Money cost) implements ProvisioningRequest {}
