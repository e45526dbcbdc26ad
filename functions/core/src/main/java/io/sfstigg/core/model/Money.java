package io.sfstigg.core.model;

import java.math.BigDecimal;

/** An amount in whole currency units with its upper-case ISO 4217 code. */
public record Money(BigDecimal amount, String currency) {}
