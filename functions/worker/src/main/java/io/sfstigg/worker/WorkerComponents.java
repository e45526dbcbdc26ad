package io.sfstigg.worker;

import io.sfstigg.core.aws.AwsClients;
import io.sfstigg.core.config.Config;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.log.Metrics;
import io.sfstigg.core.opportunity.DynamoOpportunityStore;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.ratelimit.DynamoCallLimiter;
import io.sfstigg.core.salesforce.HttpSalesforce;
import io.sfstigg.core.secrets.AwsSecretStore;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.sync.DynamoEntityStates;
import io.sfstigg.core.sync.DynamoSyncConfigStore;
import io.sfstigg.core.tenant.CachingTenantStore;
import io.sfstigg.core.tenant.DynamoTenantStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The worker's parts, built once per execution environment (by the handler's constructor) from its configuration. */
final class WorkerComponents {
    private WorkerComponents() {}

    static BatchProcessor batchProcessor(Config.Worker config, Clock clock) {
        Config.Common common = config.common();
        var dynamo = AwsClients.dynamoDb(common.aws());
        var linkStore = new DynamoLinkStore(dynamo, common.linksTable());
        var ledger = new DynamoLedger(dynamo, common.requestsTable(), linkStore);
        var tenants = new CachingTenantStore(new DynamoTenantStore(dynamo, common.tenantsTable()), config.tenantCache(), clock);
        var pacer = new Pacer(new DynamoCallLimiter(dynamo, config.rateLimitsTable(), config.stiggLimitWindow(),
                config.stiggLimitMargin(), clock), config.stiggLimitWindow(), config.paceInlineWait());
        var secrets = new CachingSecretStore(new AwsSecretStore(AwsClients.secretsManager(common.aws())),
                CachingSecretStore.DEFAULT_TTL, clock);
        var queue = new SqsRequestQueue(AwsClients.sqs(common.aws()), common.queueUrl());
        var stigg = new HttpStigg(HttpStigg.defaultClient(config.stiggTimeout()), common.stiggApiUrl());
        var links = new DeepLinks(common.stiggAppUrl());
        var retries = new RetryPolicy(config.retryBase(), config.retryMax(), config.maxReceiveCount());
        var stiggEvents = new StiggEventApplier(new DynamoSyncConfigStore(dynamo, common.tenantsTable()), secrets,
                linkStore, new DynamoEntityStates(dynamo, common.linksTable()),
                new HttpSalesforce(HttpStigg.defaultClient(config.salesforceTimeout()), config.salesforceApiVersion()),
                stigg, links, config.syncLinkWait(), clock);
        var provisioner = new Provisioner(stigg, pacer, ledger,
                new DynamoOpportunityStore(dynamo, common.requestsTable()), links, clock, stiggEvents);
        var processor = new MessageProcessor(ledger, tenants, secrets, queue, provisioner, pacer, retries,
                config.grantCustomerWait(), new Metrics(config.stackName()), clock);
        return new BatchProcessor(processor, threads(config.threads()));
    }

    private static ExecutorService threads(int count) {
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "provisioning-worker");
            thread.setDaemon(true);
            return thread;
        });
    }
}
