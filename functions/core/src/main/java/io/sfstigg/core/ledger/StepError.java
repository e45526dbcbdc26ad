package io.sfstigg.core.ledger;

/** Why an attempt failed: Stigg's error code and message (never a secret), and whether a retry may help. */
public record StepError(String code, String message, boolean retryable) {}
