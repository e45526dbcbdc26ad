package io.sfstigg.api.intake;

/** A request about an opportunity or subscription this org never provisioned through the integration: a 404. */
public final class UnknownOpportunityException extends RuntimeException {
    public UnknownOpportunityException(String detail) {
        super(detail);
    }
}
