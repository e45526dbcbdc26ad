package io.sfstigg.api.intake;

/** A request about an opportunity that its state refuses (stale revision, cancelled, failed): a 409. */
public final class OpportunityConflictException extends RuntimeException {
    private final String type;

    public OpportunityConflictException(String type, String detail) {
        super(detail);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
