package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/** The grant as Stigg holds it; fields Stigg left empty are left out, the amount always shown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditGrantOutcome(
        String grantId,
        String status,
        String currencyId,
        String customerId,
        String displayName,
        String effectiveAt,
        String expireAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal amount) {}
