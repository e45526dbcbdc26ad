package io.sfstigg.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** {@code mvn -pl infra/local/runner exec:java}: the whole system on 127.0.0.1 until Ctrl-C. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        LocalSystem system = LocalSystem.start(LocalSystem.Options.fromEnvironment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }, "local-shutdown"));
        writeSettings(system);
        banner(system, System.out);
        stopped.await();
    }

    /** The settings and each function's variables, for LocalInvoke and the AWS CLI; removed on shutdown. */
    static void writeSettings(LocalSystem system) throws IOException {
        Path file = TemplateModel.locate().getParent().resolve(LocalInvoke.SETTINGS);
        Files.createDirectories(file.getParent());
        Properties properties = new Properties();
        properties.putAll(system.settings());
        for (TemplateModel.Function function : system.template().functions()) {
            system.functionSpec(function.logicalId()).variables().forEach((name, value) ->
                    properties.put(LocalInvoke.FUNCTION_PREFIX + function.logicalId() + "." + name, value));
        }
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "written by the local system; removed when it stops");
        }
        file.toFile().deleteOnExit();
    }

    static void banner(LocalSystem system, PrintStream out) {
        String url = system.gatewayUrl();
        out.printf("%nSalesforce -> Stigg Provisioner is running locally (started in %.1f s)%n",
                system.startup().toMillis() / 1000.0);
        out.printf("  API gateway      %s   (routes from template.yaml)%n", url);
        out.printf("  SQS (ElasticMQ)  %s   queue %s%n", system.sqsEndpoint(), system.queueUrl());
        out.printf("  DLQ              %s%n", system.deadLetterQueueUrl());
        out.printf("  DynamoDB Local   %s   tables %s%n", system.dynamoDbEndpoint(),
                system.template().tables().stream().map(TemplateModel.Table::logicalId).toList());
        out.printf("  Secrets Manager  %s%n", system.secretsDescription());
        system.emulator().ifPresentOrElse(
                e -> out.printf("  Stigg sandbox    %s   (what was provisioned: open %s/ in a browser)%n",
                        e.graphqlUrl(), e.baseUrl()),
                () -> out.printf("  Stigg            %s%n", system.settings().get("STIGG_API_URL")));
        system.salesforce().ifPresent(sf -> out.printf(
                "  Salesforce       %s   (records the Stigg sync wrote: open %s/ in a browser)%n",
                sf.instanceUrl(), sf.instanceUrl()));
        out.printf("%nDemo org %s, token (keep it secret):%n  %s%n", LocalSystem.DEMO_ORG_ID, system.tenantToken());
        out.printf("%nTry it:%n  export TOKEN=%s%n", system.tenantToken());
        out.printf("  curl -s -X POST %s/v1/customers -H \"Authorization: Bearer $TOKEN\" "
                + "-H 'Content-Type: application/json' -H 'Prefer: wait=5' "
                + "-d '{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"name\":\"Acme\",\"email\":\"billing@acme.test\"}'%n", url);
        out.printf("  curl -s %s/v1/links/001Dn00000A1b2c -H \"Authorization: Bearer $TOKEN\"%n", url);
        out.printf("  aws --endpoint-url %s sqs get-queue-attributes --queue-url %s --attribute-names All%n",
                system.sqsEndpoint(), system.deadLetterQueueUrl());
        out.printf("%nCtrl-C stops everything.%n");
    }
}
