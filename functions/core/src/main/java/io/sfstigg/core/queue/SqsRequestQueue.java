package io.sfstigg.core.queue;

import io.sfstigg.core.json.Json;
import java.time.Duration;
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
                    .messageBody(Json.write(message))
                    .messageAttributes(java.util.Map.of(
                            "operation", text(message.operation().name()),
                            "tenantId", text(message.tenantId()))));
        } catch (SdkException e) {
            throw new QueueUnavailableException("the provisioning queue did not accept the request", e);
        }
    }

    @Override
    public void requeue(ProvisioningMessage message, int copy, Duration delay) {
        int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
        sqs.sendMessage(r -> r.queueUrl(queueUrl)
                .messageBody(Json.write(message))
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
