package io.sfstigg.core.queue;

import java.time.Duration;

/** The provisioning queue. */
public interface RequestQueue {
    /** Sends the message; throws {@link QueueUnavailableException} when the queue cannot take it. */
    void send(ProvisioningMessage message);

    /** Makes a received message visible again after {@code delay} (zero: at once); counts as a receive. */
    void changeVisibility(String receiptHandle, Duration delay);

    /**
     * Sends a received message again as copy number {@code copy}, visible after {@code delay}
     * (rounded down to whole seconds, at most {@link #MAX_DELAY}: the worker waits the rest when the
     * copy comes back); the caller then deletes the received one. A new
     * message starts with no receives: waiting this way costs nothing of {@code maxReceiveCount}.
     */
    void requeue(ProvisioningMessage message, int copy, Duration delay);

    /** SQS's longest message delay. */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    /** The message attribute carrying the copy number (absent on the first). */
    String COPY_ATTRIBUTE = "copy";
}
