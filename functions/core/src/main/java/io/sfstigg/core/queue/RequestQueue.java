package io.sfstigg.core.queue;

import java.time.Duration;

/** The provisioning queue. */
public interface RequestQueue {
    /** Sends the message; throws {@link QueueUnavailableException} when the queue cannot take it. */
    void send(ProvisioningMessage message);

    /** Makes a received message visible again after {@code delay} (zero: at once). */
    void changeVisibility(String receiptHandle, Duration delay);
}
