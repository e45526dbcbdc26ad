package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sfstigg.core.config.Variable;
import io.sfstigg.core.model.SalesforceId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An org of one test class's own, configured with the key of a Stigg environment of its own: the
 * running worker provisions what the class gets accepted there, out of every other test's way, so
 * the class neither pauses the shared worker nor purges the shared queue. It notes the requests the
 * API accepted; the ledger must hold no other for the org (a refused call recorded, and so queued,
 * nothing).
 */
final class OwnOrg {
    private final String orgId;
    private final String token;
    private final String stiggKey;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private OwnOrg(String orgId, String token, String stiggKey) {
        this.orgId = orgId;
        this.token = token;
        this.stiggKey = stiggKey;
    }

    /** Registers a new org and configures it with a new key of {@code stiggEnvironment}, seeded with the demo catalog. */
    static OwnOrg register(String stiggEnvironment) {
        String orgId = "00D5e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String key = "server-" + stiggEnvironment + "-" + UUID.randomUUID().toString().replace("-", "");
        TestSystem.emulator().addApiKey(key, stiggEnvironment);
        TestSystem.emulator().seedDemoCatalog(stiggEnvironment);
        String token = TenantSecurityIT.registerOrg(orgId);
        TestSystem.Answer configured = TestSystem.send("PUT", "/v1/config", "{\"stiggApiKey\":\"" + key
                + "\",\"stiggEnvironmentSlug\":\"" + stiggEnvironment + "\"}", token, Map.of());
        assertEquals(200, configured.status(), configured.raw().body());
        return new OwnOrg(orgId, token, key);
    }

    /** The org id as Salesforce shows it (15 characters). */
    String orgId() {
        return orgId;
    }

    String tenantId() {
        return SalesforceId.to18(orgId).orElseThrow();
    }

    String token() {
        return token;
    }

    String stiggKey() {
        return stiggKey;
    }

    /** Notes the request that an accepted call's answer names. */
    void accepted(TestSystem.Answer answer) {
        accepted.add(answer.body().path("requestId").asText());
    }

    /** The ledger holds the accepted calls' requests for the org and no other; then waits until the worker has finished them. */
    void assertOnlyAcceptedCallsRecorded() {
        Set<String> recorded = new HashSet<>();
        get().dynamo().scanPaginator(r -> r.tableName(get().settings().get(Variable.REQUESTS_TABLE.name()))
                        .filterExpression("tenantId = :org AND begins_with(pk, :request)")
                        .expressionAttributeValues(Map.of(":org", AttributeValue.fromS(tenantId()),
                                ":request", AttributeValue.fromS("req_"))))
                .items().forEach(item -> recorded.add(item.get("pk").s()));
        assertEquals(accepted, recorded, "the org's requests in the ledger are the accepted calls'");
        accepted.forEach(id -> TestSystem.awaitRequest(token, id, TestSystem.FINAL, TestSystem.PATIENCE));
    }
}
