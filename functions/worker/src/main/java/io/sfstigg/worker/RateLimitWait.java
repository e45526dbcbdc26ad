package io.sfstigg.worker;

import java.time.Duration;

/** No permit to call Stigg before {@code retryAfter}: the request waits for it in the queue. */
final class RateLimitWait extends RuntimeException {
    private final Duration retryAfter;

    RateLimitWait(Duration retryAfter) {
        super("waiting " + retryAfter.toMillis() + " ms for Stigg's rate limits", null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
