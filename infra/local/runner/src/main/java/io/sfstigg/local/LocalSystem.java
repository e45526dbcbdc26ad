package io.sfstigg.local;

import static io.sfstigg.core.log.Log.kv;

import io.sfstigg.core.config.Variable;
import io.sfstigg.core.hash.Sha256;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.tenant.DynamoTenantStore;
import io.sfstigg.core.tenant.TenantToken;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.local.aws.LocalAwsClients;
import io.sfstigg.local.aws.LocalDynamoDb;
import io.sfstigg.local.aws.LocalSecretsManager;
import io.sfstigg.local.aws.LocalSqs;
import io.sfstigg.local.salesforce.SalesforceEmulator;
import io.sfstigg.local.stigg.StiggEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole system on 127.0.0.1, wired from {@code template.yaml}: DynamoDB Local with the
 * template's tables, ElasticMQ with its queue and dead-letter queue, Secrets Manager (moto, or a
 * stand-in), the Stigg emulator (unless a real Stigg is configured), every function behind the
 * local gateway, and the worker fed by the SQS event source. Each function runs from its
 * deployment jar in execution environments of its own (JVM processes behind the Lambda Runtime
 * API), with the environment the template and Lambda give it.
 */
public final class LocalSystem implements AutoCloseable {
    private static final Log LOG = Log.of(LocalSystem.class);

    static {
        ExecutionEnvironment.useNoDelay();
    }
    public static final String DEMO_ORG_ID = "00D5e000000DemoEAC";
    public static final String STACK_NAME = "local";
    /**
     * Execution environments an API function may run at once here (Lambda would scale each to
     * the account's concurrency): beyond it, an invocation waits for a free environment. Each is
     * a JVM, and this machine has few cores.
     */
    public static final int API_CONCURRENCY = 3;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Options options;
    private final TemplateModel template;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private LocalDynamoDb dynamoDb;
    private LocalSqs localSqs;
    private URI secretsEndpoint;
    private String secretsDescription;
    private StiggEmulator emulator;
    private SalesforceEmulator salesforce;
    private String webhookSecret;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private SecretsManagerClient secretsManager;
    private String queueUrl;
    private String deadLetterQueueUrl;
    private LocalGateway gateway;
    private SqsEventSource eventSource;
    private LambdaFunction worker;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private CredentialsEndpoint credentials;
    private final FunctionLogs functionLogs = new FunctionLogs(System.err);
    private String adminToken;
    private String stiggKey;
    private String tenantToken;
    private Duration startup;

    /**
     * Ports (0 for any free one), a real Stigg when {@code stiggApiUrl} is set, and settings that
     * override the template's (tests use them for short retry delays and visibility timeouts).
     */
    public record Options(int gatewayPort, int sqsPort, int dynamoDbPort, int stiggPort, String stiggApiUrl,
            String stiggApiKey, String stiggEnvironmentSlug, String tenantToken, String adminToken,
            Integer visibilityTimeoutSeconds,
            Map<String, String> settingOverrides) {

        /** Ports and Stigg from the environment: PORT, SQS_PORT, DYNAMODB_PORT, STIGG_PORT, STIGG_API_URL. */
        public static Options fromEnvironment() {
            return new Options(port("PORT", 3000), port("SQS_PORT", 9324), port("DYNAMODB_PORT", 8000),
                    port("STIGG_PORT", 8787), variable("STIGG_API_URL").orElse(null),
                    variable("STIGG_API_KEY").orElse(null), variable("STIGG_ENVIRONMENT_SLUG").orElse("local-sandbox"),
                    variable("LOCAL_TENANT_TOKEN").orElse(null), variable("LOCAL_ADMIN_TOKEN").orElse(null), null,
                    Map.of());
        }

        /** An environment variable of the runner's own, unless unset or blank. */
        static Optional<String> variable(String name) {
            return Optional.ofNullable(System.getenv(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        static int port(String name, int fallback) {
            return variable(name).map(Integer::parseInt).orElse(fallback);
        }

        /** Free ports, the emulator, and the given overrides: for tests. */
        public static Options forTests(Integer visibilityTimeoutSeconds, Map<String, String> overrides) {
            return new Options(0, 0, 0, 0, null, null, "local-sandbox", null, null, visibilityTimeoutSeconds, overrides);
        }

        /** The same with fixed tokens, such as the ones the sample events in {@code events/} carry. */
        public Options withTokens(String tenant, String admin) {
            return new Options(gatewayPort, sqsPort, dynamoDbPort, stiggPort, stiggApiUrl, stiggApiKey,
                    stiggEnvironmentSlug, tenant, admin, visibilityTimeoutSeconds, settingOverrides);
        }
    }

    private LocalSystem(Options options, TemplateModel template) {
        this.options = options;
        this.template = template;
    }

    public static LocalSystem start(Options options) throws Exception {
        return start(options, TemplateModel.load(TemplateModel.locate()));
    }

    public static LocalSystem start(Options options, TemplateModel template) throws Exception {
        LocalSystem system = new LocalSystem(options, template);
        try {
            system.boot();
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    private void boot() throws Exception {
        Instant begin = Instant.now();
        dynamoDb = keep(LocalDynamoDb.start(options.dynamoDbPort()));
        localSqs = keep(LocalSqs.start(options.sqsPort()));
        startSecretsManager();
        dynamo = keep(LocalAwsClients.dynamoDb(dynamoDb.endpoint()));
        sqs = keep(LocalAwsClients.sqs(localSqs.endpoint()));
        secretsManager = keep(LocalAwsClients.secretsManager(secretsEndpoint));
        createTables();
        createQueues();
        String stiggUrl = options.stiggApiUrl();
        stiggKey = options.stiggApiKey();
        if (stiggUrl == null) {
            emulator = keep(StiggEmulator.start(options.stiggPort()));
            stiggKey = "server-" + Sha256.hex("sandbox:" + System.nanoTime()).substring(0, 24);
            emulator.addApiKey(stiggKey, options.stiggEnvironmentSlug());
            emulator.seedDemoCatalog(options.stiggEnvironmentSlug());
            stiggUrl = emulator.graphqlUrl();
        }
        credentials = keep(new CredentialsEndpoint());
        configureFunctions(stiggUrl);
        adminToken = options.adminToken() != null ? options.adminToken()
                : "local-admin-" + Sha256.hex(Instant.now() + ":" + System.nanoTime()).substring(0, 32);
        secretsManager.createSecret(r -> r.name(settings.get(Variable.ADMIN_TOKEN_SECRET_ID.name())).secretString(adminToken));
        startFunctions();
        registerDemoTenant(stiggKey);
        connectSalesforce();
        startup = Duration.between(begin, Instant.now());
    }

    private void startSecretsManager() throws Exception {
        Optional<LocalSecretsManager> moto = LocalSecretsManager.startIfAvailable();
        if (moto.isPresent()) {
            secretsEndpoint = keep(moto.get()).endpoint();
            secretsDescription = "moto_server at " + secretsEndpoint;
        } else {
            LOG.warn("moto_server is not on PATH: Secrets Manager is an in-process stand-in",
                    kv("reason", LocalSecretsManager.unavailableReason()));
            secretsEndpoint = keep(new SecretsManagerStandIn(0)).endpoint();
            secretsDescription = "in-process stand-in at " + secretsEndpoint + " (moto_server not found)";
        }
    }

    private void createTables() {
        for (TemplateModel.Table table : template.tables()) {
            dynamo.createTable(r -> r.tableName(table.logicalId())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(table.hashKey())
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(table.hashKey()).keyType(KeyType.HASH).build()));
            if (table.ttlAttribute() != null) {
                dynamo.updateTimeToLive(r -> r.tableName(table.logicalId())
                        .timeToLiveSpecification(t -> t.attributeName(table.ttlAttribute()).enabled(true)));
            }
        }
    }

    private void createQueues() {
        TemplateModel.Queue queue = template.queue();
        deadLetterQueueUrl = sqs.createQueue(r -> r.queueName("provisioning-dlq").attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(queue.deadLetterRetentionSeconds()))))
                .queueUrl();
        String dlqArn = arn(deadLetterQueueUrl);
        int visibility = options.visibilityTimeoutSeconds() != null
                ? options.visibilityTimeoutSeconds() : queue.visibilityTimeoutSeconds();
        int maxReceive = Integer.parseInt(options.settingOverrides().getOrDefault(Variable.MAX_RECEIVE_COUNT.name(),
                String.valueOf(queue.maxReceiveCount())));
        queueUrl = sqs.createQueue(r -> r.queueName("provisioning").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibility),
                QueueAttributeName.REDRIVE_POLICY, Json.write(Map.of(
                        "deadLetterTargetArn", dlqArn, "maxReceiveCount", String.valueOf(maxReceive))))))
                .queueUrl();
        // The template's RedriveAllowPolicy is not set here: ElasticMQ 1.7.1 refuses the attribute.
    }

    public String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * The template's global environment variables, resolved to the local resources, with the
     * local endpoints and the overrides: what every function's environment is built from.
     */
    private void configureFunctions(String stiggUrl) {
        settings.putAll(resolveVariables(template.globalEnvironment()));
        settings.remove("JAVA_TOOL_OPTIONS");
        settings.put(Variable.STIGG_API_URL.name(), stiggUrl);
        settings.put(Variable.AWS_REGION.name(), "us-east-1");
        settings.put(Variable.AWS_ENDPOINT_URL_DYNAMODB.name(), dynamoDb.endpoint().toString());
        settings.put(Variable.AWS_ENDPOINT_URL_SQS.name(), localSqs.endpoint().toString());
        settings.put(Variable.AWS_ENDPOINT_URL_SECRETS_MANAGER.name(), secretsEndpoint.toString());
        settings.putAll(options.settingOverrides());
    }

    private Map<String, String> resolveVariables(Map<String, Object> variables) {
        Map<String, String> resolved = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            String text = resolve(value, template.parameterDefaults());
            if (text != null) {
                resolved.put(name, text);
            }
        });
        return resolved;
    }

    /**
     * How a function of the template runs here: its own variables (the Globals' and its own,
     * resolved; JAVA_TOOL_OPTIONS included), the local endpoints and Stigg URL, the overrides.
     */
    public FunctionSpec functionSpec(String logicalId) {
        TemplateModel.Function function = template.function(logicalId);
        Map<String, String> variables = resolveVariables(function.environment());
        for (Variable local : List.of(Variable.STIGG_API_URL, Variable.AWS_ENDPOINT_URL_DYNAMODB,
                Variable.AWS_ENDPOINT_URL_SQS, Variable.AWS_ENDPOINT_URL_SECRETS_MANAGER)) {
            variables.put(local.name(), settings.get(local.name()));
        }
        variables.putAll(options.settingOverrides());
        boolean isWorker = template.worker().functionName().equals(logicalId);
        int concurrency = isWorker ? Math.max(1, template.worker().maximumConcurrency()) : API_CONCURRENCY;
        return FunctionSpec.of(function, TemplateModel.locate().getParent(), concurrency, variables);
    }

    /** A function of its own, outside the gateway and the event source (for tests: another timeout, fewer variables). */
    public LambdaFunction newFunction(FunctionSpec spec) throws java.io.IOException {
        return keep(new LambdaFunction(spec, credentials, functionLogs));
    }

    @SuppressWarnings("unchecked")
    private String resolve(Object value, Map<String, Object> defaults) {
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            String ref = String.valueOf(map.get("Ref"));
            if (ref.equals("AWS::StackName")) {
                return STACK_NAME;
            }
            if (ref.equals(template.queue().logicalId())) {
                return queueUrl;
            }
            if (template.tables().stream().anyMatch(t -> t.logicalId().equals(ref))) {
                return ref;
            }
            if (defaults.containsKey(ref)) {
                return String.valueOf(defaults.get(ref));
            }
            return STACK_NAME + "/" + ref;
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            return String.valueOf(map.get("Fn::Sub")).replace("${AWS::StackName}", STACK_NAME);
        }
        return value instanceof Map<?, ?> ? null : String.valueOf(value);
    }

    private void startFunctions() throws Exception {
        for (TemplateModel.Function function : template.functions()) {
            functions.put(function.logicalId(), newFunction(functionSpec(function.logicalId())));
        }
        Map<TemplateModel.Route, LambdaFunction> routes = new LinkedHashMap<>();
        for (TemplateModel.Route route : template.routes()) {
            routes.put(route, functions.get(route.functionName()));
        }
        gateway = keep(new LocalGateway(options.gatewayPort(), routes));
        TemplateModel.WorkerFunction workerSettings = template.worker();
        worker = functions.get(workerSettings.functionName());
        eventSource = keep(new SqsEventSource(sqs, queueUrl, arn(queueUrl), worker, workerSettings));
    }

    /** Registers and configures the demo org through the API itself; a fixed token is stored as given. */
    private void registerDemoTenant(String stiggKey) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = Json.write(Map.of("orgId", DEMO_ORG_ID, "name", "Demo org",
                "salesforceDomain", "demo.my.salesforce.com"));
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/v1/admin/tenants"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("registering the demo org failed: HTTP " + registered.statusCode() + " " + registered.body());
        }
        tenantToken = Json.read(registered.body()).path("token").asText();
        if (options.tenantToken() != null) {
            Tokens.Presented fixed = Tokens.parse(options.tenantToken()).orElseThrow(() -> new IllegalArgumentException(
                    "LOCAL_TENANT_TOKEN must look like sfst_<16 hex>_<43 base64url characters>"));
            new DynamoTenantStore(dynamo, settings.get(Variable.TENANTS_TABLE.name())).saveToken(new TenantToken(
                    fixed.tokenId(), DEMO_ORG_ID, Tokens.hash(fixed.secret()), Instant.now(), null));
            tenantToken = options.tenantToken();
        }
        String config = Json.write(Map.of("stiggApiKey", stiggKey, "stiggEnvironmentSlug",
                options.stiggEnvironmentSlug(), "defaultCurrency", "USD"));
        HttpResponse<String> configured = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/v1/config"))
                .header("Authorization", "Bearer " + tenantToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
        if (configured.statusCode() != 200) {
            throw new IllegalStateException("configuring the demo org failed: HTTP " + configured.statusCode()
                    + " " + configured.body());
        }
    }

    /**
     * The demo org's Salesforce side: a Salesforce emulator (SALESFORCE_PORT, default 8788; any free
     * port when the gateway's is), its External Client App configured through the sync config
     * route, and the Stigg emulator's webhook registered with the org's secret.
     */
    private void connectSalesforce() throws Exception {
        int port = Options.port("SALESFORCE_PORT", options.gatewayPort() == 0 ? 0 : 8788);
        salesforce = keep(SalesforceEmulator.start(port));
        salesforce.createRecordsOnFirstWrite(true);
        String clientId = "3MVG9local" + Sha256.hex("client:" + System.nanoTime()).substring(0, 24);
        String clientSecret = Sha256.hex("secret:" + System.nanoTime()).substring(0, 40);
        salesforce.addClient(clientId, clientSecret);
        webhookSecret = "whsec-" + Sha256.hex("webhook:" + System.nanoTime()).substring(0, 32);
        String body = Json.write(Map.of("webhookSecret", webhookSecret, "salesforceInstanceUrl", salesforce.instanceUrl(),
                "salesforceClientId", clientId, "salesforceClientSecret", clientSecret));
        HttpResponse<String> saved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gatewayUrl() + "/v1/config/salesforce-sync"))
                .header("Authorization", "Bearer " + tenantToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (saved.statusCode() != 200) {
            throw new IllegalStateException("configuring the demo org's Salesforce sync failed: HTTP " + saved.statusCode());
        }
        if (emulator != null) {
            emulator.webhooks().register(options.stiggEnvironmentSlug(),
                    gatewayUrl() + "/v1/webhooks/stigg/" + DEMO_ORG_ID, webhookSecret);
            emulator.linkPage("Salesforce emulator", salesforce.instanceUrl());
            salesforce.linkPage("Stigg sandbox", emulator.baseUrl());
        }
    }

    public Optional<SalesforceEmulator> salesforce() {
        return Optional.ofNullable(salesforce);
    }

    /** The demo org's current webhook secret, as Stigg's webhook settings hold it. */
    public String webhookSecret() {
        return webhookSecret;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public TemplateModel template() {
        return template;
    }

    public Optional<StiggEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public URI sqsEndpoint() {
        return localSqs.endpoint();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public String secretsDescription() {
        return secretsDescription;
    }

    public SqsEventSource eventSource() {
        return eventSource;
    }

    public LambdaFunction worker() {
        return worker;
    }

    /** The function of the template with this logical id, as the gateway and the event source invoke it. */
    public LambdaFunction function(String logicalId) {
        LambdaFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return function;
    }

    /** What the functions' processes logged. */
    public FunctionLogs functionLogs() {
        return functionLogs;
    }

    /** The container credentials endpoint of the SnapStart functions. */
    public CredentialsEndpoint credentials() {
        return credentials;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public String adminToken() {
        return adminToken;
    }

    /** The Stigg key the demo org is configured with (the sandbox's own, made up at start, unless a real Stigg is used). */
    public String stiggKey() {
        return stiggKey;
    }

    public String tenantToken() {
        return tenantToken;
    }

    public Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing a local resource failed",
                        kv("resource", resources.get(i).getClass().getSimpleName()));
            }
        }
        resources.clear();
    }
}
