package io.sfstigg.core.stigg;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfstigg.core.model.MetadataValue;
import java.math.BigDecimal;
import java.util.Map;

/** {@code CreditGrantInput}; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditGrantInput(
        String customerId,
        String currencyId,
        BigDecimal amount,
        String displayName,
        String grantType,
        String effectiveAt,
        String expireAt,
        BigDecimal priority,
        String comment,
        String resourceId,
        String paymentCollectionMethod,
        PriceInput cost,
        Map<String, MetadataValue> additionalMetaData) {}
