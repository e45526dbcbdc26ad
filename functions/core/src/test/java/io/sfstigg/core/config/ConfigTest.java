package io.sfstigg.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.fairness.OrgLimits;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Map<String, String> COMMON = Map.of("TENANTS_TABLE", "tenants", "REQUESTS_TABLE", "requests",
            "LINKS_TABLE", "links", "QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q");

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> environment = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return environment;
    }

    private static Map<String, String> api(String... pairs) {
        return with(with(COMMON, "ADMIN_TOKEN_SECRET_ID", "admin"), pairs);
    }

    private static Map<String, String> worker(String... pairs) {
        return with(with(COMMON, "RATE_LIMITS_TABLE", "limits"), pairs);
    }

    private static List<String> problems(Runnable parse) {
        return assertThrows(ConfigException.class, parse::run).problems();
    }

    @Test
    void workerTakesTheDefaultOfEveryVariableNotSet() {
        Config.Worker config = Config.worker(worker());

        assertEquals("tenants", config.common().tenantsTable());
        assertEquals("limits", config.rateLimitsTable());
        assertEquals("us-east-1", config.common().aws().region());
        assertEquals(Optional.empty(), config.common().aws().endpoint("DYNAMODB"));
        assertEquals("https://api.stigg.io/graphql", config.common().stiggApiUrl());
        assertEquals("https://app.stigg.io", config.common().stiggAppUrl());
        assertEquals(12, config.maxReceiveCount());
        assertEquals("salesforce-stigg-provisioner", config.stackName());
        assertEquals(10, config.threads());
        assertEquals(Duration.ofSeconds(10), config.stiggTimeout());
        assertEquals(Duration.ofSeconds(2), config.retryBase());
        assertEquals(Duration.ofMinutes(15), config.retryMax());
        assertEquals(Duration.ofMinutes(1), config.stiggLimitWindow());
        assertEquals(Duration.ofSeconds(1), config.stiggLimitMargin());
        assertEquals(Duration.ofSeconds(1), config.paceInlineWait());
        assertEquals(Duration.ofSeconds(30), config.tenantCache());
        assertEquals(Duration.ofMinutes(30), config.grantCustomerWait());
        assertEquals("v62.0", config.salesforceApiVersion());
        assertEquals(Duration.ofSeconds(10), config.salesforceTimeout());
        assertEquals(Duration.ofMinutes(2), config.syncLinkWait());
    }

    @Test
    void apiTakesTheDefaultOfEveryVariableNotSet() {
        Config.Api config = Config.api(api());

        assertEquals("admin", config.adminTokenSecretId());
        assertEquals("salesforce-stigg-provisioner/stigg/", config.secretPrefix());
        assertEquals(Duration.ofSeconds(5), config.stiggTimeout());
        assertEquals(new OrgLimits(50, 10), config.defaultLimits());
        assertEquals("https://sqs.eu-west-1.amazonaws.com/1/q", config.common().queueUrl());
    }

    @Test
    void setValuesAreTrimmedAndBlankOnesTakeTheDefault() {
        Config.Worker config = Config.worker(worker("WORKER_THREADS", " 4 ", "STACK_NAME", "  ", "RETRY_BASE_MILLIS", "300",
                "STIGG_TIMEOUT_SECONDS", "2", "AWS_REGION", "eu-west-1", "SALESFORCE_API_VERSION", "v61.0"));

        assertEquals(4, config.threads());
        assertEquals("salesforce-stigg-provisioner", config.stackName());
        assertEquals(Duration.ofMillis(300), config.retryBase());
        assertEquals(Duration.ofSeconds(2), config.stiggTimeout());
        assertEquals("eu-west-1", config.common().aws().region());
        assertEquals("v61.0", config.salesforceApiVersion());
    }

    @Test
    void aServicesOwnEndpointComesBeforeTheSharedOne() {
        Config.Aws aws = Config.api(api("AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000")).common().aws();

        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), aws.endpoint("DYNAMODB"));
        assertEquals(Optional.of(URI.create("http://localhost:4566")), aws.endpoint("SQS"));
    }

    @Test
    void everyMissingRequiredVariableIsNamed() {
        assertEquals(List.of("TENANTS_TABLE is not set", "REQUESTS_TABLE is not set", "LINKS_TABLE is not set",
                "QUEUE_URL is not set", "RATE_LIMITS_TABLE is not set"), problems(() -> Config.worker(Map.of())));
        assertEquals(List.of("ADMIN_TOKEN_SECRET_ID is not set"), problems(() -> Config.api(COMMON)));
    }

    @Test
    void aNumberThatIsNotOneOrOutOfRangeNamesItsVariableAndValue() {
        List<String> problems = problems(() -> Config.worker(worker("WORKER_THREADS", "ten", "RETRY_MAX_SECONDS", "0",
                "MAX_RECEIVE_COUNT", "99999999999", "TENANT_CACHE_SECONDS", "-1")));

        assertEquals(List.of(
                "MAX_RECEIVE_COUNT must be a whole number from 2 to 100, not \"99999999999\"",
                "WORKER_THREADS must be a whole number from 1 to 100, not \"ten\"",
                "RETRY_MAX_SECONDS must be a whole number from 1 to 43200, not \"0\"",
                "TENANT_CACHE_SECONDS must be a whole number from 0 to 3600, not \"-1\""), problems);
    }

    @Test
    void apiLimitsAreBoundedAsTheAdminRouteBoundsThem() {
        assertEquals(List.of("ORG_REQUESTS_PER_SECOND must be a whole number from 1 to 10000, not \"0\"",
                "ORG_MAX_CONCURRENT_WAITS must be a whole number from 0 to 100, not \"101\""),
                problems(() -> Config.api(api("ORG_REQUESTS_PER_SECOND", "0", "ORG_MAX_CONCURRENT_WAITS", "101"))));
        assertEquals(new OrgLimits(10_000, 0), Config.api(api("ORG_REQUESTS_PER_SECOND", "10000",
                "ORG_MAX_CONCURRENT_WAITS", "0")).defaultLimits());
    }

    @Test
    void urlsRegionAndVersionAreCheckedAndNamed() {
        List<String> problems = problems(() -> Config.worker(worker("STIGG_API_URL", "api.stigg.io/graphql",
                "AWS_ENDPOINT_URL_SQS", "ftp://127.0.0.1:9324", "AWS_REGION", "Ireland",
                "SALESFORCE_API_VERSION", "62")));

        assertEquals(List.of(
                "AWS_ENDPOINT_URL_SQS must be an absolute http(s) URL, not \"ftp://127.0.0.1:9324\"",
                "AWS_REGION must be a region such as eu-west-1, not \"Ireland\"",
                "STIGG_API_URL must be an absolute http(s) URL, not \"api.stigg.io/graphql\"",
                "SALESFORCE_API_VERSION must be a version such as v62.0, not \"62\""), problems);
    }

    @Test
    void theExceptionsMessageListsEveryProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.api(api("API_STIGG_TIMEOUT_SECONDS", "60",
                "QUEUE_URL", "")));

        assertEquals("configuration: QUEUE_URL is not set; "
                + "API_STIGG_TIMEOUT_SECONDS must be a whole number from 1 to 25, not \"60\"", e.getMessage());
    }

    @Test
    void eachFunctionReadsOnlyItsOwnVariables() {
        Map<String, String> everything = with(api(), "RATE_LIMITS_TABLE", "limits");
        Config.api(with(everything, "WORKER_THREADS", "many", "SALESFORCE_API_VERSION", "latest"));
        Config.worker(with(everything, "ORG_REQUESTS_PER_SECOND", "many", "API_STIGG_TIMEOUT_SECONDS", "never"));
        assertTrue(problems(() -> Config.api(with(everything, "STIGG_APP_URL", "app"))).get(0).startsWith("STIGG_APP_URL"));
    }

    @Test
    void aVariableNobodySetsInAwsHasADefault() {
        for (Variable variable : Variable.values()) {
            if (variable.setBy() == Variable.SetBy.TUNING || variable.setBy() == Variable.SetBy.LAMBDA) {
                assertTrue(variable.fallback() != null, variable + " has a default");
            }
        }
    }
}
