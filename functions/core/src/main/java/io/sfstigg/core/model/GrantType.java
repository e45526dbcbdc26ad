package io.sfstigg.core.model;

public enum GrantType {
    PROMOTIONAL,
    PAID
}
