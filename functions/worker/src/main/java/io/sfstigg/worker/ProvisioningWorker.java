package io.sfstigg.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sfstigg.core.config.Config;
import io.sfstigg.core.log.LogContext;
import java.time.Clock;
import java.time.Duration;

/** The SQS-triggered worker: provisions each message's request in Stigg. */
public final class ProvisioningWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    private final BatchProcessor batches;

    /** Lambda's constructor: the configuration read once from the environment, the parts built once. */
    public ProvisioningWorker() {
        this(WorkerComponents.batchProcessor(Config.worker(System.getenv()), Clock.systemUTC()));
    }

    ProvisioningWorker(BatchProcessor batches) {
        this.batches = batches;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context)) {
            Duration remaining = Duration.ofMillis(context == null ? 60_000 : context.getRemainingTimeInMillis());
            return batches.process(event, remaining.plus(LEASE_MARGIN));
        }
    }
}
