package io.sfstigg.core.queue;

/**
 * The queue refused the message for what it holds (characters SQS cannot carry, a message over
 * its size limit): the caller's input is at fault, and a retry would be refused again.
 */
public final class QueueRejectedException extends RuntimeException {
    private final String awsErrorCode;
    private final boolean tooLarge;

    public QueueRejectedException(String awsErrorCode, boolean tooLarge, Throwable cause) {
        super("the queue refused the message's contents (" + awsErrorCode + ")", cause);
        this.awsErrorCode = awsErrorCode;
        this.tooLarge = tooLarge;
    }

    public String awsErrorCode() {
        return awsErrorCode;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
