package io.sfstigg.api.intake;

/** A repeat that cannot be answered with the original request. */
public final class IdempotencyException extends RuntimeException {
    public enum Reason {
        /** The first request with this key is still being accepted: 409, retry shortly. */
        IN_FLIGHT,
        /** The key was used before with another body: 422. */
        KEY_REUSED
    }

    private final Reason reason;
    private final String requestId;

    public IdempotencyException(Reason reason, String requestId, String message) {
        super(message);
        this.reason = reason;
        this.requestId = requestId;
    }

    public Reason reason() {
        return reason;
    }

    public String requestId() {
        return requestId;
    }
}
