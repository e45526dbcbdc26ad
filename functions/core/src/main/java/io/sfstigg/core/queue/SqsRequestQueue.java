package io.sfstigg.core.queue;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The queue on SQS (a standard queue whose redrive policy dead-letters what keeps failing). */
public final class SqsRequestQueue implements RequestQueue {
    private static final int MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRequestQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(ProvisioningMessage message) {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl)
                    .messageBody(message.toJson())
                    .messageAttributes(java.util.Map.of(
                            "operation", text(message.operation().name()),
                            "tenantId", text(message.tenantId()))));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (isInputError(code, e.getMessage())) {
                throw new QueueRejectedException(code, String.valueOf(e.getMessage()).contains("shorter than"), e);
            }
            if (e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException()) {
                throw e; // the stack's configuration (permissions, queue URL), not an outage
            }
            throw new QueueUnavailableException("the provisioning queue did not accept the request", e);
        } catch (SdkException e) {
            throw new QueueUnavailableException("the provisioning queue did not accept the request", e);
        }
    }

    /** SQS's answers that blame the message itself (JSON and query protocol spellings). */
    static boolean isInputError(String code, String message) {
        if (code == null) {
            return false;
        }
        String bare = code.replace("AWS.SimpleQueueService.", "");
        return bare.equals("InvalidMessageContents")
                || (bare.equals("InvalidParameterValue") && String.valueOf(message).contains("shorter than"));
    }

    @Override
    public void requeue(ProvisioningMessage message, int copy, Duration delay) {
        int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
        sqs.sendMessage(r -> r.queueUrl(queueUrl)
                .messageBody(message.toJson())
                .delaySeconds(seconds)
                .messageAttributes(java.util.Map.of(
                        "operation", text(message.operation().name()),
                        "tenantId", text(message.tenantId()),
                        COPY_ATTRIBUTE, MessageAttributeValue.builder().dataType("Number")
                                .stringValue(Integer.toString(copy)).build())));
    }

    @Override
    public void changeVisibility(String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, delay.toSeconds()));
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
