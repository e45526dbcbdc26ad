package io.sfstigg.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sfstigg.core.aws.AwsClients;
import io.sfstigg.core.config.Settings;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.opportunity.DynamoOpportunityStore;
import io.sfstigg.core.log.LogContext;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.secrets.AwsSecretStore;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.salesforce.HttpSalesforce;
import io.sfstigg.core.sync.DynamoEntityStates;
import io.sfstigg.core.sync.DynamoSyncConfigStore;
import io.sfstigg.core.ratelimit.DynamoCallLimiter;
import io.sfstigg.core.tenant.CachingTenantStore;
import io.sfstigg.core.tenant.DynamoTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The SQS-triggered worker: provisions each message's request in Stigg. */
public final class ProvisioningWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    private final BatchProcessor batches;

    public ProvisioningWorker() {
        this(Settings.fromEnvironment());
    }

    public ProvisioningWorker(Settings settings) {
        this(create(settings, Clock.systemUTC()));
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

    static BatchProcessor create(Settings settings, Clock clock) {
        var dynamo = AwsClients.dynamoDb(settings);
        var ledger = new DynamoLedger(dynamo, settings.require(Settings.REQUESTS_TABLE),
                new DynamoLinkStore(dynamo, settings.require(Settings.LINKS_TABLE)));
        var tenants = new CachingTenantStore(new DynamoTenantStore(dynamo, settings.require(Settings.TENANTS_TABLE)),
                Duration.ofSeconds(settings.getInt("TENANT_CACHE_SECONDS", 30)), clock);
        Duration window = Duration.ofMillis(settings.getInt("STIGG_LIMIT_WINDOW_MILLIS", 60_000));
        var pacer = new Pacer(new DynamoCallLimiter(dynamo, settings.require(Settings.RATE_LIMITS_TABLE), window,
                Duration.ofMillis(settings.getInt("STIGG_LIMIT_MARGIN_MILLIS", 1_000)), clock), window,
                Duration.ofMillis(settings.getInt("PACE_INLINE_WAIT_MILLIS", 1_000)));
        var secrets = new CachingSecretStore(new AwsSecretStore(AwsClients.secretsManager(settings)));
        var queue = new SqsRequestQueue(AwsClients.sqs(settings), settings.require(Settings.QUEUE_URL));
        var stigg = new HttpStigg(
                HttpStigg.defaultClient(Duration.ofSeconds(settings.getInt("STIGG_TIMEOUT_SECONDS", 10))),
                settings.get(Settings.STIGG_API_URL, "https://api.stigg.io/graphql"));
        var links = new DeepLinks(settings.get(Settings.STIGG_APP_URL, "https://app.stigg.io"));
        var retries = new RetryPolicy(
                Duration.ofMillis(settings.getInt("RETRY_BASE_MILLIS", 2_000)),
                Duration.ofSeconds(settings.getInt("RETRY_MAX_SECONDS", 900)),
                settings.getInt(Settings.MAX_RECEIVE_COUNT, 12));
        var linkStore = new DynamoLinkStore(dynamo, settings.require(Settings.LINKS_TABLE));
        var stiggEvents = new StiggEventApplier(
                new DynamoSyncConfigStore(dynamo, settings.require(Settings.TENANTS_TABLE)), secrets, linkStore,
                new DynamoEntityStates(dynamo, settings.require(Settings.LINKS_TABLE)),
                new HttpSalesforce(HttpStigg.defaultClient(Duration.ofSeconds(settings.getInt("SALESFORCE_TIMEOUT_SECONDS", 10))),
                        settings.get("SALESFORCE_API_VERSION", "v62.0")),
                stigg, links, Duration.ofSeconds(settings.getInt("SYNC_LINK_WAIT_SECONDS", 120)), clock);
        var processor = new MessageProcessor(ledger, tenants, secrets, queue, new Provisioner(stigg, pacer, ledger,
                new DynamoOpportunityStore(dynamo, settings.require(Settings.REQUESTS_TABLE)), links, clock),
                pacer, retries,
                Duration.ofMinutes(settings.getInt("GRANT_CUSTOMER_WAIT_MINUTES", 30)),
                new Metrics(settings.get("STACK_NAME", "salesforce-stigg-provisioner")), clock, stiggEvents);
        ExecutorService executor = Executors.newFixedThreadPool(settings.getInt("WORKER_THREADS", 10), runnable -> {
            Thread thread = new Thread(runnable, "provisioning-worker");
            thread.setDaemon(true);
            return thread;
        });
        return new BatchProcessor(processor, executor);
    }
}
