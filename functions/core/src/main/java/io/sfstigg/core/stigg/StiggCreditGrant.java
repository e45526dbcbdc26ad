package io.sfstigg.core.stigg;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.Map;

/** A credit grant as Stigg answers it; its metadata values as text (a nested value as its JSON). */
public record StiggCreditGrant(
        String grantId,
        String status,
        BigDecimal amount,
        String currencyId,
        String customerId,
        String displayName,
        String effectiveAt,
        String expireAt,
        @JsonDeserialize(contentUsing = MetadataText.class) Map<String, String> additionalMetaData) {

    public StiggCreditGrant {
        additionalMetaData = additionalMetaData == null ? Map.of() : additionalMetaData;
    }
}
