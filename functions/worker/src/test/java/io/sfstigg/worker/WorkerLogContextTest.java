package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.LogContext;
import io.sfstigg.core.testing.FakeLambdaContext;
import io.sfstigg.core.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Messages run on the worker's pool threads, yet log with the invocation's request id; the threads keep none. */
class WorkerLogContextTest {
    private static final int THREADS = 3;

    private static SQSEvent unreadableBatch(String prefix, int size) {
        SQSEvent event = new SQSEvent();
        event.setRecords(IntStream.range(0, size).mapToObj(i -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(prefix + i);
            message.setBody("not json " + i);
            return message;
        }).toList());
        return event;
    }

    @Test
    void eachMessagesLinesCarryTheInvocationsAwsRequestIdOnThePoolThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        // an unreadable message is answered before any collaborator is called
        MessageProcessor processor = new MessageProcessor(null, null, null, null, null, null, null, Duration.ZERO,
                null, Clock.systemUTC());
        ProvisioningWorker worker = new ProvisioningWorker(new BatchProcessor(processor, pool));
        List<String> lines;
        try {
            lines = LogCapture.linesOf(() -> {
                SQSBatchResponse first = worker.handleRequest(unreadableBatch("a-", 6), FakeLambdaContext.withRequestId("lambda-a"));
                SQSBatchResponse second = worker.handleRequest(unreadableBatch("b-", 6), FakeLambdaContext.withRequestId("lambda-b"));
                assertEquals(6, first.getBatchItemFailures().size());
                assertEquals(6, second.getBatchItemFailures().size());
                assertTrue(LogContext.current().isEmpty(), "the handler's thread keeps no context");
                CountDownLatch allThreads = new CountDownLatch(THREADS);
                List<Future<Boolean>> clean = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    clean.add(pool.submit(() -> {
                        allThreads.countDown();
                        allThreads.await(5, TimeUnit.SECONDS);
                        return LogContext.current().isEmpty();
                    }));
                }
                for (Future<Boolean> threadIsClean : clean) {
                    assertTrue(threadIsClean.get(), "a pool thread keeps no context after its task");
                }
            }, MessageProcessor.class);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(12, lines.size(), lines.toString());
        for (String text : lines) {
            JsonNode line = Json.read(text);
            String expected = line.path("messageId").asText().startsWith("a-") ? "lambda-a" : "lambda-b";
            assertEquals(expected, line.path("awsRequestId").asText(), text);
            assertTrue(line.path("coldStart").isBoolean(), text);
        }
    }
}
