package io.sfstigg.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalAwsServicesTest {

    @Test
    void dynamoDbLocalListensOnLoopbackOnlyAndStoresItems() throws Exception {
        try (LocalDynamoDb local = LocalDynamoDb.start(0); var dynamo = LocalAwsClients.dynamoDb(local.endpoint())) {
            assertEquals("127.0.0.1", local.host());
            LocalDynamoDb.createTables(dynamo, "items");
            dynamo.putItem(r -> r.tableName("items").item(Map.of("pk", AttributeValue.fromS("a"))));
            assertEquals("a", dynamo.getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("a"))))
                    .item().get("pk").s());
        }
    }

    @Test
    void elasticMqDeadLettersAfterMaxReceivesAndMovesMessagesBack() throws Exception {
        try (LocalSqs local = LocalSqs.start(0); var sqs = LocalAwsClients.sqs(local.endpoint())) {
            String dlq = sqs.createQueue(r -> r.queueName("dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", dlqArn);
            String queue = sqs.createQueue(r -> r.queueName("source").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "0",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}")))
                    .queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("hello"));
            String firstId = null;
            for (int i = 0; i < 4; i++) {
                List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!got.isEmpty()) {
                    firstId = got.get(0).messageId();
                }
            }
            List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1).visibilityTimeout(0)).messages();
            assertEquals(1, dead.size());
            sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn));
            Instant deadline = Instant.now().plusSeconds(10);
            List<Message> back = List.of();
            while (back.isEmpty() && Instant.now().isBefore(deadline)) {
                back = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            }
            assertEquals("hello", back.get(0).body());
            // ElasticMQ keeps the message id on a move (AWS gives a new one) but restarts its receive count.
            assertEquals(firstId, back.get(0).messageId());
            assertEquals("1", back.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
        }
    }

    @Test
    void motoSecretsManagerStoresAndRotatesSecrets() throws Exception {
        Assumptions.assumeTrue(LocalSecretsManager.isAvailable(), LocalSecretsManager.unavailableReason());
        try (LocalSecretsManager moto = LocalSecretsManager.start();
                var secrets = LocalAwsClients.secretsManager(moto.endpoint())) {
            secrets.createSecret(r -> r.name("a/b").secretString("one"));
            secrets.putSecretValue(r -> r.secretId("a/b").secretString("two"));
            assertEquals("two", secrets.getSecretValue(r -> r.secretId("a/b")).secretString());
            assertTrue(secrets.describeSecret(r -> r.secretId("a/b")).arn().contains("a/b"));
        }
    }
}
