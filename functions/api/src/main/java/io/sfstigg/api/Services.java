package io.sfstigg.api;

import io.sfstigg.core.aws.AwsClients;
import io.sfstigg.core.config.Config;
import io.sfstigg.core.fairness.DynamoWaitSlots;
import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.fairness.WaitSlots;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.links.LinkStore;
import io.sfstigg.core.opportunity.DynamoOpportunityStore;
import io.sfstigg.api.intake.OpportunityIntake;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.secrets.AwsSecretStore;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.sync.DynamoSyncConfigStore;
import io.sfstigg.core.sync.SyncConfigStore;
import io.sfstigg.core.tenant.DynamoTenantStore;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TenantStore;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the API handlers use, built by a handler's no-argument constructor, so once per execution
 * environment (and so once per SnapStart snapshot), from the configuration read then; each part
 * on first use: a route that never touches SQS, Secrets Manager or Stigg does not pay for their
 * clients at cold start.
 */
public final class Services {
    private final Config.Api config;
    private final Clock clock;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<TenantStore> tenants;
    private final Supplier<Ledger> ledger;
    private final Supplier<RequestQueue> queue;
    private final Supplier<SecretStore> secrets;
    private final Supplier<Stigg> stigg;
    private final Supplier<LinkStore> linkStore;
    private final Supplier<OpportunityStore> opportunities;
    private final Supplier<WaitSlots> waitSlots;
    private final Supplier<SyncConfigStore> syncConfigs;
    private final DeepLinks links;

    private Services(Config.Api config, Clock clock, Supplier<DynamoDbClient> dynamoClient, Supplier<SqsClient> sqsClient) {
        Config.Common common = config.common();
        this.config = config;
        this.clock = clock;
        this.dynamo = once(dynamoClient);
        this.tenants = once(() -> new DynamoTenantStore(dynamo.get(), common.tenantsTable()));
        this.ledger = once(() -> new DynamoLedger(dynamo.get(), common.requestsTable()));
        this.queue = once(() -> new SqsRequestQueue(sqsClient.get(), common.queueUrl()));
        this.secrets = once(() -> new CachingSecretStore(new AwsSecretStore(AwsClients.secretsManager(common.aws())),
                CachingSecretStore.DEFAULT_TTL, clock));
        this.stigg = once(() -> new HttpStigg(HttpStigg.defaultClient(config.stiggTimeout()), common.stiggApiUrl()));
        this.linkStore = once(() -> new DynamoLinkStore(dynamo.get(), common.linksTable()));
        this.opportunities = once(() -> new DynamoOpportunityStore(dynamo.get(), common.requestsTable()));
        this.waitSlots = once(() -> new DynamoWaitSlots(dynamo.get(), common.requestsTable()));
        this.syncConfigs = once(() -> new DynamoSyncConfigStore(dynamo.get(), common.tenantsTable()));
        this.links = new DeepLinks(common.stiggAppUrl());
    }

    /** The services of this execution environment: its configuration read from its environment variables. */
    public static Services fromEnvironment() {
        Config.Api config = Config.api(System.getenv());
        Config.Aws aws = config.common().aws();
        return new Services(config, Clock.systemUTC(), () -> AwsClients.dynamoDb(aws), () -> AwsClients.sqs(aws));
    }

    /** Services over the given clients (a test in one JVM passes clients of the local services). */
    public static Services of(Config.Api config, Clock clock, DynamoDbClient dynamo, SqsClient sqs) {
        return new Services(config, clock, () -> dynamo, () -> sqs);
    }

    public Config.Api config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public TenantStore tenants() {
        return tenants.get();
    }

    public Ledger ledger() {
        return ledger.get();
    }

    public RequestQueue queue() {
        return queue.get();
    }

    public SecretStore secrets() {
        return secrets.get();
    }

    public Stigg stigg() {
        return stigg.get();
    }

    public LinkStore linkStore() {
        return linkStore.get();
    }

    public DeepLinks links() {
        return links;
    }

    public WaitSlots waitSlots() {
        return waitSlots.get();
    }

    public SyncConfigStore syncConfigs() {
        return syncConfigs.get();
    }

    /** The tenant's limits, the stack's defaults where it has none of its own. */
    public OrgLimits limits(Tenant tenant) {
        return tenant.limits() == null ? config.defaultLimits() : tenant.limits().orDefaults(config.defaultLimits());
    }

    public RequestIntake intake() {
        return new RequestIntake(ledger(), queue(), clock);
    }

    public OpportunityStore opportunities() {
        return opportunities.get();
    }

    public OpportunityIntake opportunityIntake() {
        return new OpportunityIntake(intake(), opportunities(), ledger(), clock);
    }

    /** A supplier that builds its value on the first call, once, even under concurrent calls. */
    private static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = factory.get();
                        }
                        current = value;
                    }
                }
                return current;
            }
        };
    }
}
