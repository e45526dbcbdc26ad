package io.sfstigg.worker;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.log.LogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Processes a batch's messages in parallel (a standard queue keeps no order; prerequisites do)
 * and reports each message that must come back as a batch item failure, so one failure never
 * fails the others. Each task runs in the invocation's log context.
 */
final class BatchProcessor {
    private static final Log LOG = Log.of(BatchProcessor.class);
    private final MessageProcessor processor;
    private final ExecutorService executor;

    BatchProcessor(MessageProcessor processor, ExecutorService executor) {
        this.processor = processor;
        this.executor = executor;
    }

    SQSBatchResponse process(SQSEvent event, Duration lease) {
        List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<Boolean>> outcomes = new ArrayList<>(messages.size());
        for (SQSMessage message : messages) {
            outcomes.add(executor.submit(LogContext.propagate(() -> processor.process(message, lease))));
        }
        List<BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!succeeded(messages.get(i), outcomes.get(i))) {
                failures.add(BatchItemFailure.builder().withItemIdentifier(messages.get(i).getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static boolean succeeded(SQSMessage message, Future<Boolean> outcome) {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            LOG.error("message processing failed: it comes back after its visibility timeout", e.getCause(),
                    kv("messageId", message.getMessageId()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
