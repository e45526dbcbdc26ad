package io.sfstigg.api;

import io.sfstigg.core.aws.AwsClients;
import io.sfstigg.core.config.Settings;
import io.sfstigg.core.intake.RequestIntake;
import io.sfstigg.core.ledger.DynamoLedger;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.DynamoLinkStore;
import io.sfstigg.core.links.LinkStore;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.queue.SqsRequestQueue;
import io.sfstigg.core.secrets.AwsSecretStore;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.stigg.HttpStigg;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.tenant.DynamoTenantStore;
import io.sfstigg.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What the API handlers use, built once per execution environment (and so once per SnapStart
 * snapshot): the stores, the queue, the Stigg client.
 */
public record Services(
        Settings settings,
        TenantStore tenants,
        Ledger ledger,
        RequestQueue queue,
        CachingSecretStore secrets,
        Stigg stigg,
        DeepLinks links,
        LinkStore linkStore,
        Clock clock) {

    private static volatile Services shared;

    /** The environment's services, from its configuration; built on first use. */
    public static Services shared() {
        Services current = shared;
        if (current == null) {
            synchronized (Services.class) {
                if (shared == null) {
                    shared = fromSettings(Settings.fromEnvironment(), Clock.systemUTC());
                }
                current = shared;
            }
        }
        return current;
    }

    public static Services fromSettings(Settings settings, Clock clock) {
        var dynamo = AwsClients.dynamoDb(settings);
        return new Services(
                settings,
                new DynamoTenantStore(dynamo, settings.require(Settings.TENANTS_TABLE)),
                new DynamoLedger(dynamo, settings.require(Settings.REQUESTS_TABLE)),
                new SqsRequestQueue(AwsClients.sqs(settings), settings.require(Settings.QUEUE_URL)),
                new CachingSecretStore(new AwsSecretStore(AwsClients.secretsManager(settings))),
                new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(5)),
                        settings.get(Settings.STIGG_API_URL, "https://api.stigg.io/graphql")),
                new DeepLinks(settings.get(Settings.STIGG_APP_URL, "https://app.stigg.io")),
                new DynamoLinkStore(dynamo, settings.require(Settings.LINKS_TABLE)),
                clock);
    }

    public RequestIntake intake() {
        return new RequestIntake(ledger, queue, clock);
    }
}
