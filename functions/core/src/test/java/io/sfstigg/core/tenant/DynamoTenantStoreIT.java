package io.sfstigg.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.core.fairness.OrgLimits;
import io.sfstigg.core.testing.LocalDynamoTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The org's two writers, {@code PUT /v1/config} and the admin update, against DynamoDB Local: each
 * changes only its own attributes, so whichever lands last undoes nothing of the other's.
 */
class DynamoTenantStoreIT {
    private static final String TABLE = "tenants";
    private static final Instant REGISTERED = Instant.parse("2026-04-01T09:00:00Z");
    private static final AtomicInteger ORGS = new AtomicInteger();
    @RegisterExtension
    static final LocalDynamoTables DYNAMO = new LocalDynamoTables(TABLE);
    private static DynamoDbClient dynamo;
    private static TenantStore tenants;

    @BeforeAll
    static void store() {
        dynamo = DYNAMO.client();
        tenants = new DynamoTenantStore(dynamo, TABLE);
    }

    @Test
    void aConfigSaveBuiltFromAnEarlierReadDoesNotReEnableAnOrgDisabledMeanwhile() {
        String org = register();
        Tenant readByPutConfig = tenants.find(org).orElseThrow();
        assertFalse(readByPutConfig.disabled());

        tenants.apply(org, new TenantChange(true, 7, 2), at(1)).orElseThrow();
        Tenant saved = tenants.saveConfiguration(readByPutConfig.tenantId(), configuration("env-b", "EUR", 120), at(2))
                .orElseThrow();

        Tenant stored = tenants.find(org).orElseThrow();
        assertEquals(stored, saved, "the answer is the stored item");
        assertTrue(stored.disabled(), "the disable stays");
        assertEquals(new OrgLimits(7, 2), stored.limits(), "the operator's limits stay");
        assertEquals("env-b", stored.stiggEnvironmentSlug());
        assertEquals("EUR", stored.defaultCurrency());
        assertEquals("server-****env-b", stored.maskedKey());
        assertEquals(new StiggLimits(120, 30), stored.stiggLimits());
        assertEquals(3L, version(org));
        assertEquals(at(2).toString(), raw(org).get("updatedAt").s());
    }

    @Test
    void anAdminUpdateAfterAnEarlierReadDoesNotRevertAConfigSave() {
        String org = register();
        tenants.saveConfiguration(org, configuration("env-a", "USD", null), at(1)).orElseThrow();
        Tenant readByAdmin = tenants.find(org).orElseThrow();

        tenants.saveConfiguration(org, configuration("env-b", "EUR", 90), at(2)).orElseThrow();
        Tenant updated = tenants.apply(readByAdmin.tenantId(), new TenantChange(true, null, null), at(3)).orElseThrow();

        assertEquals(updated, tenants.find(org).orElseThrow());
        assertTrue(updated.disabled());
        assertEquals("env-b", updated.stiggEnvironmentSlug(), "the later configuration stays");
        assertEquals("EUR", updated.defaultCurrency());
        assertEquals("secret-env-b", updated.stiggKeySecretId());
        assertEquals(new StiggLimits(90, 30), updated.stiggLimits());
        assertEquals(new OrgLimits(null, null), updated.limits(), "limits not given are not written");
    }

    @Test
    void configSavesRacingADisableNeverReEnableTheOrg() throws Exception {
        String org = register();
        int saves = 16;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i = 0; i < saves; i++) {
                String slug = "env-" + i;
                running.add(threads.submit(() -> {
                    go.await();
                    return tenants.saveConfiguration(org, configuration(slug, "USD", null), Instant.now()).orElseThrow();
                }));
            }
            running.add(threads.submit(() -> {
                go.await();
                return tenants.apply(org, new TenantChange(true, null, null), Instant.now()).orElseThrow();
            }));
            go.countDown();
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        Tenant stored = tenants.find(org).orElseThrow();
        assertTrue(stored.disabled());
        assertTrue(stored.stiggEnvironmentSlug().startsWith("env-"));
        assertEquals("server-****" + stored.stiggEnvironmentSlug(), stored.maskedKey(), "one save's values, not a mix");
        assertEquals(1L + saves + 1, version(org), "every write counted, none lost");
    }

    @Test
    void aConfigurationReplacesTheEarlierOneWholeAndLeavesRegistrationAlone() {
        String org = register();
        tenants.saveConfiguration(org, configuration("env-a", "USD", 60), at(1)).orElseThrow();

        Tenant stored = tenants.saveConfiguration(org, configuration("env-b", null, null), at(2)).orElseThrow();

        assertEquals("env-b", stored.stiggEnvironmentSlug());
        assertNull(stored.defaultCurrency(), "a currency not given is removed");
        assertNull(stored.stiggLimits(), "Stigg limits not given go back to Stigg's documented ones");
        assertEquals("Org " + org, stored.name());
        assertEquals(org.toLowerCase() + ".my.salesforce.com", stored.salesforceDomain());
        assertEquals(REGISTERED, stored.createdAt());
        assertFalse(raw(org).containsKey("defaultCurrency"));
        assertFalse(raw(org).containsKey("stiggOperationLimit"));
    }

    @Test
    void neitherWriterCreatesAnOrgThatIsNotRegistered() {
        String org = "00D5e00000Missing" + ORGS.incrementAndGet();

        assertTrue(tenants.saveConfiguration(org, configuration("env-a", "USD", null), at(1)).isEmpty());
        assertTrue(tenants.apply(org, new TenantChange(true, 5, null), at(1)).isEmpty());
        assertTrue(tenants.find(org).isEmpty());
        assertTrue(raw(org).isEmpty());
    }

    @Test
    void registeringAgainChangesNothing() {
        String org = register();
        tenants.apply(org, new TenantChange(true, null, null), at(1)).orElseThrow();

        assertFalse(tenants.create(new Tenant(org, "Again", "again.my.salesforce.com", false, at(2), null, null, null,
                null, null)));
        Tenant stored = tenants.find(org).orElseThrow();
        assertTrue(stored.disabled());
        assertEquals("Org " + org, stored.name());
        assertEquals(2L, version(org));
    }

    private static String register() {
        String org = "00D5e000000Race" + ORGS.incrementAndGet();
        assertTrue(tenants.create(new Tenant(org, "Org " + org, org.toLowerCase() + ".my.salesforce.com", false,
                REGISTERED, null, null, null, null, null)));
        assertEquals(1L, version(org));
        return org;
    }

    private static StiggConfiguration configuration(String slug, String currency, Integer perOperation) {
        return new StiggConfiguration(slug, currency, "secret-" + slug, "server-****" + slug, Instant.now(),
                perOperation == null ? null : new StiggLimits(perOperation, StiggLimits.DEFAULT_PER_CUSTOMER));
    }

    private static Instant at(int minutes) {
        return REGISTERED.plusSeconds(60L * minutes);
    }

    private static Map<String, AttributeValue> raw(String org) {
        return dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("TENANT#" + org)))
                .consistentRead(true)).item();
    }

    private static long version(String org) {
        return Long.parseLong(raw(org).get("version").n());
    }
}
