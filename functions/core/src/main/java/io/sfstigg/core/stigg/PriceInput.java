package io.sfstigg.core.stigg;

import java.math.BigDecimal;

/** A price or cost: an amount in whole units of an ISO 4217 currency. */
public record PriceInput(BigDecimal amount, String currency) {}
