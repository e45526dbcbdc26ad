package io.sfstigg.local;

import static io.sfstigg.core.log.Log.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping, locally: pollers up to the function's maximum concurrency
 * receive batches (batch size and batching window from the template), invoke the worker with an
 * SQS event and delete what the worker did not report as a batch item failure. A failed
 * invocation deletes nothing: its messages come back after their visibility timeout, and the
 * queue's redrive policy dead-letters what keeps failing.
 */
public final class SqsEventSource implements AutoCloseable {
    private static final Log LOG = Log.of(SqsEventSource.class);
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LambdaFunction worker;
    private final TemplateModel.WorkerFunction settings;
    private final ExecutorService pollers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong failedInvocations = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean paused;
    private volatile double killProbability;
    private volatile java.util.Random chaos = new java.util.Random(0);

    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, LambdaFunction worker,
            TemplateModel.WorkerFunction settings) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.worker = worker;
        this.settings = settings;
        int concurrency = Math.max(1, settings.maximumConcurrency());
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "sqs-event-source");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    /**
     * Stops handing messages to the worker (they wait in the queue) until {@link #resume()};
     * returns once no poll or invocation is under way.
     */
    public void pause() {
        paused = true;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (busy.get() > 0 && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
    }

    public void resume() {
        paused = false;
    }

    /**
     * Chaos for fault suites: with this probability an invocation's worker process is killed
     * once it has processed its batch, before its answer arrives: the answer is lost, nothing is
     * deleted, the receives count all the same, and the next invocation starts a new execution
     * environment. (Killed earlier, mid batch, its requests' processing leases, as long as the
     * function's timeout, outlast the tests' scaled-down retry delays and receive counts.)
     */
    public void killInvocations(double probability, long seed) {
        this.chaos = new java.util.Random(seed);
        this.killProbability = probability;
    }

    public long invocations() {
        return invocations.get();
    }

    public long failedInvocations() {
        return failedInvocations.get();
    }

    private void poll() {
        while (running.get()) {
            try {
                if (paused) {
                    Thread.sleep(50);
                    continue;
                }
                busy.incrementAndGet();
                try {
                    pollOnce();
                } finally {
                    busy.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("polling failed; retrying", kv("error", e.getClass().getSimpleName()));
                    sleepQuietly(500);
                }
            }
        }
    }

    private void pollOnce() {
        List<Message> batch = receive();
        if (batch.isEmpty() || !running.get()) {
            return;
        }
        if (paused) {
            batch.forEach(m -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl)
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
            return;
        }
        deliver(batch);
    }

    private List<Message> receive() {
        int wait = Math.max(1, Math.min(20, settings.batchingWindowSeconds()));
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.min(10, settings.batchSize()))
                .waitTimeSeconds(wait)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void deliver(List<Message> batch) {
        invocations.incrementAndGet();
        Set<String> failed;
        try {
            byte[] event = Json.write(event(batch)).getBytes(StandardCharsets.UTF_8);
            boolean kill;
            synchronized (this) {
                kill = killProbability > 0 && chaos.nextDouble() < killProbability;
            }
            if (kill) {
                LOG.warn("chaos: the worker's process is killed before its answer arrives; its batch comes back after "
                        + "its visibility timeout", kv("messages", batch.size()));
            }
            byte[] response = kill ? worker.invokeAndKill(event) : worker.invoke(event);
            failed = failures(response, batch);
        } catch (Exception | Error e) {
            failedInvocations.incrementAndGet();
            LOG.error("worker invocation failed: the batch comes back after its visibility timeout", e,
                    kv("messages", batch.size()));
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = batch.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
    }

    /** The batch item failures; a malformed report fails the whole batch, as Lambda does. */
    private Set<String> failures(byte[] response, List<Message> batch) throws java.io.IOException {
        Set<String> all = new HashSet<>();
        batch.forEach(m -> all.add(m.messageId()));
        if (!settings.reportsBatchItemFailures() || response.length == 0) {
            return Set.of();
        }
        JsonNode body = Json.MAPPER.readTree(response);
        Set<String> failed = new HashSet<>();
        for (JsonNode item : body.path("batchItemFailures")) {
            String id = item.path("itemIdentifier").asText("");
            if (!all.contains(id)) {
                return all;
            }
            failed.add(id);
        }
        return failed;
    }

    private ObjectNode event(List<Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject()
                    .put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle())
                    .put("body", message.body())
                    .put("md5OfBody", message.md5OfBody())
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn)
                    .put("awsRegion", "us-east-1");
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                    .put("stringValue", value.stringValue())
                    .put("dataType", value.dataType()));
        }
        return event;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pollers.shutdown();
        if (!pollers.awaitTermination(25, TimeUnit.SECONDS)) {
            pollers.shutdownNow();
        }
    }
}
