package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.ratelimit.DynamoCallLimiter;
import io.sfstigg.core.tenant.CachingTenantStore;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.tenant.DynamoTenantStore;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.testing.LocalDynamoTables;
import io.sfstigg.api.validation.RequestParser;
import io.sfstigg.local.aws.LocalAwsClients;
import io.sfstigg.local.aws.LocalSqs;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The worker against DynamoDB Local, ElasticMQ and the Stigg emulator over HTTP, without the gateway. */
class WorkerIT {
    private static final String TENANT = "00D5e000000WrkrEAA";
    private static final String KEY = "server-worker-it-key-000001";
    @RegisterExtension
    static final LocalDynamoTables DYNAMO = new LocalDynamoTables("tenants", "requests", "links", "rate-limits");
    private static LocalSqs localSqs;
    private static StiggEmulator stigg;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        localSqs = LocalSqs.start(0);
        stigg = StiggEmulator.start(0);
        stigg.addApiKey(KEY, "worker-it");
        stigg.seedDemoCatalog("worker-it");
        dynamo = DYNAMO.client();
        sqs = LocalAwsClients.sqs(localSqs.endpoint());
        queueUrl = sqs.createQueue(r -> r.queueName("worker-it").attributes(Map.of(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
        new DynamoTenantStore(dynamo, "tenants").create(new Tenant(TENANT, "Worker IT", "worker.my.salesforce.com", false,
                Instant.now(), "worker-it", "USD", "worker-it-secret", "server-****0001", Instant.now()));
    }

    @AfterEach
    void emptyTheQueue() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    @AfterAll
    static void stop() throws Exception {
        stigg.close();
        localSqs.close();
    }

    /** A ledger whose first success write "kills" the worker: Stigg has answered, the ledger never hears of it. */
    private static final class DyingLedger implements AttemptLedger {
        private final AttemptLedger delegate;
        private final AtomicBoolean died = new AtomicBoolean();

        DyingLedger(AttemptLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void succeed(String id, RequestResult result, Steps steps, List<LinkUpdate> links, Instant now) {
            if (died.compareAndSet(false, true)) {
                throw new IllegalStateException("worker killed after Stigg answered");
            }
            delegate.succeed(id, result, steps, links, now);
        }

        @Override public java.util.Optional<RequestRecord> find(String id) { return delegate.find(id); }
        @Override public java.util.Optional<RequestRecord> startAttempt(String id, String m, int copy, Instant now,
                Instant until) {
            return delegate.startAttempt(id, m, copy, now, until);
        }
        @Override public void retrying(String id, int copy, int receives, StepError error, Steps steps,
                Instant now) {
            delegate.retrying(id, copy, receives, error, steps, now);
        }
        @Override public void requeued(String id, int copy, StepError error, Steps steps, Instant now) {
            delegate.requeued(id, copy, error, steps, now);
        }
        @Override public void fail(String id, StepError e, String m, Steps steps, Instant now) {
            delegate.fail(id, e, m, steps, now);
        }
        @Override public void exhausted(String id, StepError e, String m, Steps steps, Instant now) {
            delegate.exhausted(id, e, m, steps, now);
        }
        @Override public void markDeadLettered(String id, RequestStatus s, StepError e, String m, Instant now) {
            delegate.markDeadLettered(id, s, e, m, now);
        }
    }

    private static BatchProcessor worker(AttemptLedger ledger) {
        return worker(ledger, dynamo);
    }

    private static BatchProcessor worker(AttemptLedger ledger, DynamoDbClient dynamo) {
        SecretStore secrets = new SecretStore() {
            @Override public String read(String secretId) { return KEY; }
            @Override public String write(String name, String value) { throw new UnsupportedOperationException(); }
        };
        var stiggClient = new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(2)), stigg.graphqlUrl());
        var pacer = new Pacer(new DynamoCallLimiter(dynamo, "rate-limits", Duration.ofSeconds(60), Duration.ofSeconds(1),
                Clock.systemUTC()), Duration.ofSeconds(60), Duration.ofSeconds(1));
        var provisioner = new Provisioner(stiggClient, pacer, ledger,
                new io.sfstigg.core.opportunity.DynamoOpportunityStore(dynamo, "requests"),
                new DeepLinks("https://app.stigg.io"), Clock.systemUTC(), null);
        var tenants = new CachingTenantStore(new DynamoTenantStore(dynamo, "tenants"), Duration.ofSeconds(30),
                Clock.systemUTC());
        var processor = new MessageProcessor(ledger, tenants,
                new CachingSecretStore(secrets), new SqsRequestQueue(sqs, queueUrl), provisioner, pacer,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 5), Duration.ofMinutes(1), new Metrics("worker-it"), Clock.systemUTC());
        return new BatchProcessor(processor, Executors.newFixedThreadPool(4));
    }

    private static String accept(String body) {
        var request = new RequestParser("USD", Clock.systemUTC()).subscription(Json.read(body));
        return accept(Operation.CREATE_SUBSCRIPTION, request, request.stiggCustomerId());
    }

    private static String accept(Operation operation, ProvisioningRequest payload, String customerId) {
        var ledger = new DynamoLedger(dynamo, "requests");
        return new RequestIntake(ledger, new SqsRequestQueue(sqs, queueUrl), Clock.systemUTC())
                .accept(TENANT, operation, null, payload, customerId).record().requestId();
    }

    /** Counts the DynamoDB calls a client makes. */
    private static DynamoDbClient counting(java.util.concurrent.atomic.AtomicInteger calls) {
        return DynamoDbClient.builder().endpointOverride(DYNAMO.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        calls.incrementAndGet();
                    }
                }))
                .build();
    }

    @Test
    void aWarmWorkerMakesThreeDynamoDbCallsPerMessageLinksIncluded() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        DynamoDbClient client = counting(calls);
        BatchProcessor worker = worker(new DynamoLedger(client, "requests", new DynamoLinkStore(client, "links")), client);
        String warmUp = accept("{\"stiggCustomerId\":\"warm-" + System.nanoTime() + "\",\"planId\":\"plan-basic\"}");
        deliverOnce(worker);
        assertEquals(RequestStatus.SUCCEEDED, new DynamoLedger(dynamo, "requests").find(warmUp).orElseThrow().status());

        var customer = new RequestParser("USD", Clock.systemUTC()).customer(Json.read("{\"salesforceAccountId\":\"001Dn00000CntAc\","
                + "\"stiggCustomerId\":\"count-" + System.nanoTime() + "\",\"name\":\"Count\"}"));
        String single = accept(Operation.CREATE_CUSTOMER, customer, customer.stiggCustomerId());
        calls.set(0);
        deliverOnce(worker);
        assertEquals(RequestStatus.SUCCEEDED, new DynamoLedger(dynamo, "requests").find(single).orElseThrow().status());
        assertEquals(3, calls.get(), "start, permits, result with its links");

        String twoSteps = accept("{\"stiggCustomerId\":\"count-sub-" + System.nanoTime() + "\",\"planId\":\"plan-basic\","
                + "\"salesforceAccountId\":\"001Dn00000CntAc\",\"salesforceOpportunityId\":\"006Dn00000CntOp\"}");
        calls.set(0);
        deliverOnce(worker);
        assertEquals(RequestStatus.SUCCEEDED, new DynamoLedger(dynamo, "requests").find(twoSteps).orElseThrow().status());
        assertEquals(3, calls.get(), "start, permits for both steps, result with its steps and links");
        var links = new DynamoLinkStore(dynamo, "links").find(TENANT, io.sfstigg.core.model.SalesforceId.to18("006Dn00000CntOp").orElseThrow());
        assertTrue(links.isPresent() && links.get().subscriptions().size() == 1, String.valueOf(links));
    }

    /** One poll of the queue delivered to the worker, deleting what it did not report as failed. */
    private static SQSBatchResponse deliverOnce(BatchProcessor worker) {
        List<Message> messages = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (messages.isEmpty() && Instant.now().isBefore(deadline)) {
            messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setAttributes(m.attributesAsStrings());
            Map<String, SQSEvent.MessageAttribute> attributes = new java.util.HashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setStringValue(value.stringValue());
                attribute.setDataType(value.dataType());
                attributes.put(name, attribute);
            });
            record.setMessageAttributes(attributes);
            records.add(record);
        }
        event.setRecords(records);
        SQSBatchResponse response = worker.process(event, Duration.ofMillis(500));
        for (Message m : messages) {
            if (response.getBatchItemFailures().stream().noneMatch(f -> f.getItemIdentifier().equals(m.messageId()))) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return response;
    }

    @Test
    void workerDyingAfterStiggAnsweredDoesNotSubscribeTwice() {
        String customer = "crash-" + System.nanoTime();
        String requestId = accept("{\"stiggCustomerId\":\"" + customer + "\",\"planId\":\"plan-basic\"}");
        DynamoLedger ledger = new DynamoLedger(dynamo, "requests", new DynamoLinkStore(dynamo, "links"));
        BatchProcessor dying = worker(new DyingLedger(ledger));

        assertEquals(1, deliverOnce(dying).getBatchItemFailures().size());
        assertEquals(RequestStatus.IN_PROGRESS, ledger.find(requestId).orElseThrow().status());
        assertEquals(1, stigg.env("worker-it").subscriptions().stream()
                .filter(s -> customer.equals(s.path("customerId").asText())).count(), "Stigg answered before the worker died");

        SQSBatchResponse second = deliverOnce(dying);
        assertEquals(List.of(), second.getBatchItemFailures());
        RequestRecord done = ledger.find(requestId).orElseThrow();
        assertEquals(RequestStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attempts());
        assertEquals(1, stigg.env("worker-it").subscriptions().stream()
                .filter(s -> customer.equals(s.path("customerId").asText())).count());
    }

    @Test
    void oneFailingMessageDoesNotFailTheOthersOfItsBatch() {
        String good1 = accept("{\"stiggCustomerId\":\"batch-a-" + System.nanoTime() + "\",\"planId\":\"plan-basic\"}");
        String bad = accept("{\"stiggCustomerId\":\"batch-b-" + System.nanoTime() + "\",\"planId\":\"plan-missing\"}");
        String good2 = accept("{\"stiggCustomerId\":\"batch-c-" + System.nanoTime() + "\",\"planId\":\"plan-pro\"}");
        DynamoLedger ledger = new DynamoLedger(dynamo, "requests", new DynamoLinkStore(dynamo, "links"));
        BatchProcessor worker = worker(ledger);
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && !(isFinal(ledger, good1) && isFinal(ledger, bad) && isFinal(ledger, good2))) {
            deliverOnce(worker);
        }
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(good1).orElseThrow().status());
        assertEquals(RequestStatus.SUCCEEDED, ledger.find(good2).orElseThrow().status());
        RequestRecord failed = ledger.find(bad).orElseThrow();
        assertEquals(RequestStatus.FAILED, failed.status());
        assertEquals("PlanNotFound", failed.lastError().code());
        assertTrue(!failed.lastError().retryable());
    }

    @Test
    void unreadableMessageIsLeftForTheDeadLetterQueue() {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("not json"));
        SQSBatchResponse response = deliverOnce(worker(new DynamoLedger(dynamo, "requests")));
        assertEquals(1, response.getBatchItemFailures().size());
    }

    private static boolean isFinal(AttemptLedger ledger, String requestId) {
        return ledger.find(requestId).map(r -> r.status().isFinal()).orElse(false);
    }
}
