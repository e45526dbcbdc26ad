package io.sfstigg.api.intake;

/** The org has used its requests for this second: nothing was recorded or enqueued; retry after a second. */
public final class RateLimitedException extends RuntimeException {
    private final int requestsPerSecond;

    public RateLimitedException(int requestsPerSecond) {
        super("this org may send " + requestsPerSecond + " provisioning requests a second; retry after a second");
        this.requestsPerSecond = requestsPerSecond;
    }

    public int requestsPerSecond() {
        return requestsPerSecond;
    }
}
