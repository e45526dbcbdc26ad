package io.sfstigg.core.model;

public enum CreditCadence {
    MONTH,
    YEAR
}
