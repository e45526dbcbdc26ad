package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What keeps data and tells the operator: stateful resources survive a stack delete or replacement,
 * a table's TTL is on an attribute the code writes, and every alarm reaches a topic CloudWatch can
 * publish to.
 */
class StatefulResourcesAndAlarmsIT {
    private static final Map<String, Object> TEMPLATE = TemplateModel.tree(TemplateModel.locate());
    private static final Map<String, Object> RESOURCES = map(TEMPLATE.get("Resources"));

    /** Tables of counters that expire within minutes: nothing in them outlives the stack. */
    private static final java.util.Set<String> EPHEMERAL = java.util.Set.of("RateLimitsTable");

    @Test
    void tablesAndLogGroupsAreRetainedOnDeleteAndReplacement() {
        assertFalse(RESOURCES.containsKey("RateLimitsTable") && map(RESOURCES.get("RateLimitsTable")).containsKey("DeletionPolicy"),
                "the rate-limit counters expire within minutes: a retained copy would only be an orphan");
        List<String> stateful = new ArrayList<>();
        RESOURCES.forEach((name, resource) -> {
            String type = String.valueOf(map(resource).get("Type"));
            if ((type.equals("AWS::DynamoDB::Table") || type.equals("AWS::Logs::LogGroup")) && !EPHEMERAL.contains(name)) {
                stateful.add(name);
                assertEquals("Retain", map(resource).get("DeletionPolicy"), name);
                assertEquals("Retain", map(resource).get("UpdateReplacePolicy"), name);
                assertFalse(map(map(resource).get("Properties")).containsKey("LogGroupName"),
                        name + ": a retained resource with a fixed name blocks re-creating the stack");
            }
        });
        assertTrue(stateful.containsAll(List.of("TenantsTable", "RequestsTable", "LinksTable", "ApiAccessLogGroup")), stateful.toString());
        RESOURCES.forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                Object logGroup = map(map(map(map(resource).get("Properties")).get("LoggingConfig")).get("LogGroup")).get("Ref");
                assertTrue(stateful.contains(String.valueOf(logGroup)), name + " logs to a retained log group of the stack");
            }
        });
    }

    @Test
    void theLedgerWritesTheAttributeItsTableExpiresOnAndLinksNeverExpire() {
        Map<String, String> ttl = new java.util.HashMap<>();
        TestSystem.get().template().tables().forEach(t -> ttl.put(t.logicalId(), t.ttlAttribute()));
        assertEquals(null, ttl.get("LinksTable"), "links live as long as the Stigg records they point to");
        assertEquals(null, ttl.get("TenantsTable"));
        String attribute = ttl.get("RequestsTable");
        assertNotNull(attribute, "the ledger's records expire");

        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String requestId = "req_ttl_" + System.nanoTime();
        new DynamoLedger(TestSystem.get().dynamo(), "RequestsTable").create(RequestRecord.accepted(requestId, "00D000000000001EAA",
                Operation.CREATE_CUSTOMER, "ttl-check", "hash", new CustomerRequest(null, "cust", "TTL", null, null), "cust", created,
                created.plusSeconds(10)));
        AttributeValue expires = TestSystem.get().dynamo().getItem(r -> r.tableName("RequestsTable")
                .key(Map.of("pk", AttributeValue.fromS(requestId)))).item().get(attribute);
        assertNotNull(expires, "the ledger writes no " + attribute);
        assertEquals(created.plus(Duration.ofDays(90)).getEpochSecond(), Long.parseLong(expires.n()),
                attribute + " is epoch seconds, 90 days after the request (docs/deploy.md)");
    }

    @Test
    void everyAlarmNotifiesTheTopicWhoseKeyCloudWatchMayUse() {
        Set<String> alarms = new TreeSet<>();
        RESOURCES.forEach((name, resource) -> {
            if ("AWS::CloudWatch::Alarm".equals(map(resource).get("Type"))) {
                alarms.add(name);
                List<Object> actions = list(map(map(resource).get("Properties")).get("AlarmActions"));
                assertEquals(List.of(Map.of("Ref", "AlarmTopic")), actions, name + " notifies the alarm topic");
            }
        });
        assertTrue(alarms.containsAll(Set.of("DeadLetterAlarm", "WorkerErrorsAlarm", "StiggThrottlingAlarm",
                "QueueAgeAlarm", "ApiServerErrorsAlarm")), alarms.toString());

        Map<String, Object> topic = map(map(RESOURCES.get("AlarmTopic")).get("Properties"));
        assertEquals(Map.of("Ref", "AlarmTopicKey"), topic.get("KmsMasterKeyId"),
                "the AWS-managed aws/sns key's policy cannot grant CloudWatch: the topic needs its own key");
        Map<String, Object> key = map(RESOURCES.get("AlarmTopicKey"));
        assertEquals("AWS::KMS::Key", key.get("Type"));
        boolean cloudWatchMayUse = false;
        boolean accountAdministers = false;
        for (Object s : list(map(map(map(key.get("Properties")).get("KeyPolicy"))).get("Statement"))) {
            Map<String, Object> statement = map(s);
            Map<String, Object> principal = map(statement.get("Principal"));
            Set<Object> actions = Set.copyOf(list(statement.get("Action")));
            if ("cloudwatch.amazonaws.com".equals(principal.get("Service"))) {
                cloudWatchMayUse = "Allow".equals(statement.get("Effect"))
                        && actions.equals(Set.of("kms:Decrypt", "kms:GenerateDataKey*"));
            }
            if (String.valueOf(map(principal.get("AWS")).get("Fn::Sub")).endsWith(":root")) {
                accountAdministers = actions.equals(Set.of("kms:*"));
            }
        }
        assertTrue(cloudWatchMayUse, "the key policy grants cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*");
        assertTrue(accountAdministers, "the account administers the key (else it cannot be managed or deleted)");
    }

    @Test
    void theQueueAgeAndApiErrorAlarmsWatchTheRightMetrics() {
        Map<String, Object> age = map(map(RESOURCES.get("QueueAgeAlarm")).get("Properties"));
        assertEquals("AWS/SQS", age.get("Namespace"));
        assertEquals("ApproximateAgeOfOldestMessage", age.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of("ProvisioningQueue", "QueueName")))),
                age.get("Dimensions"));
        Map<String, Object> api = map(map(RESOURCES.get("ApiServerErrorsAlarm")).get("Properties"));
        assertEquals("AWS/ApiGateway", api.get("Namespace"));
        assertEquals("5xx", api.get("MetricName"), "HTTP APIs publish 5xx (REST APIs publish 5XXError)");
        assertEquals(List.of(Map.of("Name", "ApiId", "Value", Map.of("Ref", "HttpApi")),
                Map.of("Name", "Stage", "Value", Map.of("Ref", "Stage"))), api.get("Dimensions"));
        Map<String, Object> worker = map(map(RESOURCES.get("WorkerErrorsAlarm")).get("Properties"));
        assertEquals("Errors", worker.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", "WorkerFunction"))), worker.get("Dimensions"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }
}
