package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.validation.StiggEventParser;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.SyncResult;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.Link;
import io.sfstigg.core.links.LinkStore;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.StiggEvent;
import io.sfstigg.core.salesforce.Salesforce;
import io.sfstigg.core.salesforce.SalesforceCredentials;
import io.sfstigg.core.salesforce.SalesforceException;
import io.sfstigg.core.secrets.CachingSecretStore;
import io.sfstigg.core.secrets.SecretNotFoundException;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.CancellationInput;
import io.sfstigg.core.stigg.CreditGrantInput;
import io.sfstigg.core.stigg.CustomerInput;
import io.sfstigg.core.stigg.ProvisionedSubscription;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCancellation;
import io.sfstigg.core.stigg.StiggCreditGrant;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.SubscriptionInput;
import io.sfstigg.core.stigg.SubscriptionUpdateInput;
import io.sfstigg.core.sync.EntityStates;
import io.sfstigg.core.sync.FieldMapping;
import io.sfstigg.core.sync.SyncConfig;
import io.sfstigg.core.sync.SyncConfigStore;
import io.sfstigg.core.sync.SyncSecrets;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ordering, duplicates, re-reads and Salesforce error classes, against in-memory fakes of the ports. */
class StiggEventApplierTest {
    private static final String ORG = "00D5e000000ApplEAA";
    private static final String OPPORTUNITY = "006Dn00000B2c3dIAB";
    private static final String ACCOUNT = "001Dn00000A1b2cIAA";
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeLinks links = new FakeLinks();
    private final InMemoryEntityStates states = new InMemoryEntityStates();
    private final FakeSalesforce salesforce = new FakeSalesforce();
    private final Map<String, SyncConfig> configs = new HashMap<>();
    private final FakeStigg stigg = new FakeStigg();
    private final Tenant tenant = new Tenant(ORG, "Org", "org.my.salesforce.com", false, T0, "production", "USD", "key-secret",
            "server-****", T0);
    private final StiggEventApplier applier;
    private boolean syncSecretDeleted;

    StiggEventApplierTest() {
        SecretStore secrets = new SecretStore() {
            @Override
            public String read(String secretId) {
                if (syncSecretDeleted) {
                    throw new SecretNotFoundException(secretId);
                }
                return new SyncSecrets("whsec-0123456789abcdef", null, "client-id", "client-secret-value").toJson();
            }

            @Override
            public String write(String name, String value) {
                throw new UnsupportedOperationException();
            }
        };
        configs.put(ORG, new SyncConfig(ORG, "sync-secret", T0, "https://org.my.salesforce.com", "****cdef", null,
                "****t-id", "****alue", null));
        SyncConfigStore store = new SyncConfigStore() {
            @Override
            public Optional<SyncConfig> find(String tenantId) {
                return Optional.ofNullable(configs.get(tenantId));
            }

            @Override
            public void save(SyncConfig config) {
                configs.put(config.tenantId(), config);
            }
        };
        links.put("subscription", "sub-1", OPPORTUNITY);
        links.put("customer", "cust-1", ACCOUNT);
        applier = new StiggEventApplier(store, new CachingSecretStore(secrets), links, states, salesforce, stigg,
                new DeepLinks("https://app.stigg.io"), Duration.ofMinutes(2), clock);
    }

    private RequestRecord record(String json) {
        StiggEvent payload = StiggEventParser.parse(Json.read(json));
        return RequestRecord.accepted("req_" + UUID.randomUUID(), ORG, Operation.APPLY_STIGG_EVENT, "k", "h", payload,
                "cust-1", clock.instant(), clock.instant());
    }

    private static String subscriptionEvent(String type, String status, Instant at) {
        return "{\"type\":\"" + type + "\",\"messageId\":\"" + UUID.randomUUID() + "\",\"traceId\":\"t\","
                + (at == null ? "" : "\"timestamp\":\"" + at + "\",") + "\"id\":\"sub-1\",\"status\":\"" + status + "\","
                + "\"cancellationDate\":" + ("CANCELED".equals(status) ? "\"2026-11-29T09:00:00Z\"" : "null") + ","
                + "\"customer\":{\"id\":\"cust-1\"},\"plan\":{\"id\":\"plan-pro\",\"name\":\"Pro\"}}";
    }

    private SyncResult apply(String json) {
        return apply(record(json), tenant, "server-key");
    }

    /** Applies as the worker's table does: the record's payload, as its type. */
    private SyncResult apply(RequestRecord record, Tenant tenant, String stiggApiKey) {
        return applier.apply(record, (StiggEvent) record.payload(), tenant, stiggApiKey);
    }

    @Test
    void olderEventArrivingAfterANewerOneWritesNothing() {
        apply(subscriptionEvent("subscription.canceled", "CANCELED", T0.plusSeconds(20)));
        SyncResult older = apply(subscriptionEvent("subscription.updated", "ACTIVE", T0.plusSeconds(10)));
        SyncResult created = apply(subscriptionEvent("subscription.created", "ACTIVE", T0));

        assertEquals(SyncResult.Sync.STALE, older.sync());
        assertEquals(SyncResult.Sync.STALE, created.sync());
        assertEquals(1, salesforce.updates.size());
        assertEquals("CANCELED", salesforce.updates.get(0).fields().get("Stigg_Subscription_Status__c"));
        assertEquals("2026-11-29", salesforce.updates.get(0).fields().get("Stigg_Cancellation_Date__c"));
        assertEquals("Opportunity", salesforce.updates.get(0).object());
        assertEquals(OPPORTUNITY, salesforce.updates.get(0).id());
    }

    @Test
    void newerEventsAreWrittenInTurnAndTheSameMessageAppliesOnce() {
        String created = subscriptionEvent("subscription.created", "ACTIVE", T0);
        RequestRecord first = record(created);
        apply(first, tenant, "k");
        apply(subscriptionEvent("subscription.updated", "PAYMENT_PENDING", T0.plusSeconds(1)));
        apply(first, tenant, "k");
        assertEquals(List.of("ACTIVE", "PAYMENT_PENDING"),
                salesforce.updates.stream().map(u -> u.fields().get("Stigg_Subscription_Status__c")).toList());
    }

    @Test
    void newerEventWithTheValuesAlreadyWrittenIsNotWrittenAgain() {
        apply(subscriptionEvent("subscription.created", "ACTIVE", T0));
        SyncResult same = apply(subscriptionEvent("subscription.updated", "ACTIVE", T0.plusSeconds(5)));
        assertEquals(SyncResult.Sync.UNCHANGED, same.sync());
        assertEquals(1, salesforce.updates.size());
    }

    @Test
    void eventWithoutATimeAppliesTheSubscriptionAsStiggHoldsItNow() {
        stigg.customer = new StiggCustomer(null, "cust-1", null, null, null, List.of(new StiggSubscription("sub-1",
                "CANCELED", null, null, null, null, null, null, new StiggSubscription.Plan("plan-pro", "Pro", null), null)));
        SyncResult applied = apply(subscriptionEvent("subscription.updated", "ACTIVE", null));
        assertEquals(SyncResult.Sync.APPLIED, applied.sync());
        assertEquals("CANCELED", salesforce.updates.get(0).fields().get("Stigg_Subscription_Status__c"));
        assertEquals(1, stigg.reads);
        assertEquals(SyncResult.Sync.STALE, apply(subscriptionEvent("subscription.updated", "ACTIVE", T0.minusMillis(500))).sync(),
                "an event older than the re-read state");
    }

    @Test
    void aDeletedSyncSecretFailsTheEventAsTheSyncsNotAsAMissingStiggKey() {
        syncSecretDeleted = true;
        SyncException e = assertThrows(SyncException.class,
                () -> apply(subscriptionEvent("subscription.canceled", "CANCELED", T0)));
        assertEquals("SalesforceSecretMissing", e.code());
        assertFalse(e.retryable());
        assertTrue(salesforce.updates.isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"REQUEST_LIMIT_EXCEEDED,403,true", "UNABLE_TO_LOCK_ROW,400,true", ",503,true", "SERVER_UNAVAILABLE,503,true",
        "INVALID_SESSION_ID,401,true", "INVALID_FIELD,400,false", "ENTITY_IS_DELETED,404,false", "NOT_FOUND,404,false",
        "FIELD_CUSTOM_VALIDATION_EXCEPTION,400,false", "SOMETHING_NEW,400,false"})
    void salesforceErrorsAreRetriedOrFailedByTheirCode(String code, int status, boolean retryable) {
        salesforce.failures.add(new SalesforceException(code, "Salesforce says no", status));
        String event = subscriptionEvent("subscription.canceled", "CANCELED", T0);
        RequestRecord record = record(event);
        SyncException e = assertThrows(SyncException.class, () -> apply(record, tenant, "k"));
        assertEquals(retryable, e.retryable());
        assertEquals(code == null ? "SERVER_ERROR" : code, e.code());
        assertTrue(e.getMessage().contains("Salesforce says no"));
        assertEquals(SyncResult.Sync.APPLIED, apply(record, tenant, "k").sync(), "the same event succeeds on its retry");
        assertEquals(1, salesforce.updates.size());
    }

    @Test
    void anotherEventOfTheEntityBeingAppliedMeansTryAgainShortly() {
        states.claim(ORG, "subscription#sub-1", T0, "other-message", clock.instant(), clock.instant().plusSeconds(30));
        SyncException e = assertThrows(SyncException.class,
                () -> apply(subscriptionEvent("subscription.updated", "ACTIVE", T0.plusSeconds(1))));
        assertTrue(e.retryable());
        assertEquals("EntityBusy", e.code());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(SyncResult.Sync.APPLIED, apply(subscriptionEvent("subscription.updated", "ACTIVE", T0.plusSeconds(2))).sync(),
                "an expired hold is taken over");
    }

    @Test
    void unlinkedEntityIsRetriedForAWhileThenLeftAlone() {
        String event = subscriptionEvent("subscription.created", "ACTIVE", T0).replace("\"sub-1\"", "\"sub-unlinked\"");
        RequestRecord record = record(event);
        SyncException e = assertThrows(SyncException.class, () -> apply(record, tenant, "k"));
        assertTrue(e.retryable());
        clock.advance(Duration.ofMinutes(3));
        assertEquals(SyncResult.Sync.NOT_LINKED, apply(record, tenant, "k").sync());
        assertTrue(salesforce.updates.isEmpty());
    }

    @Test
    void creditBalanceGoesToTheAccountThroughTheOrgsMapping() {
        configs.put(ORG, new SyncConfig(ORG, "sync-secret", T0, "https://org.my.salesforce.com", "****cdef", null,
                "****t-id", "****alue", new FieldMapping(Map.of(), Map.of("creditBalance", "Credits_Left__c",
                        "creditStatus", ""))));
        apply("{\"type\":\"credit_balance.low\",\"messageId\":\"m1\",\"timestamp\":\"" + T0 + "\",\"customer\":{\"id\":\"cust-1\"},"
                + "\"creditCurrency\":{\"id\":\"cred-type-ai-tokens\"},\"totalGranted\":5000,\"remainingBalance\":400}");
        assertEquals(1, salesforce.updates.size());
        assertEquals("Account", salesforce.updates.get(0).object());
        assertEquals(ACCOUNT, salesforce.updates.get(0).id());
        assertEquals(Map.of("Credits_Left__c", new java.math.BigDecimal("400")), salesforce.updates.get(0).fields());
        assertEquals("client-secret-value", salesforce.credentials.get(0).clientSecret());
        assertFalse(salesforce.credentials.get(0).toString().contains("client-secret-value"));
    }

    // ---- fakes ----

    record Update(String object, String id, Map<String, Object> fields) {}

    static final class FakeSalesforce implements Salesforce {
        final List<Update> updates = new ArrayList<>();
        final List<SalesforceCredentials> credentials = new ArrayList<>();
        final List<SalesforceException> failures = new ArrayList<>();

        @Override
        public void update(SalesforceCredentials org, String object, String id, Map<String, Object> fields) {
            credentials.add(org);
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            updates.add(new Update(object, id, new HashMap<>(fields)));
        }
    }

    static final class FakeLinks implements LinkStore {
        private final Map<String, String> backLinks = new HashMap<>();

        void put(String kind, String stiggId, String salesforceId) {
            backLinks.put(kind + "#" + stiggId, salesforceId);
        }

        @Override
        public Optional<Link> find(String tenantId, String salesforceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> salesforceIdOf(String tenantId, String kind, String stiggId) {
            return Optional.ofNullable(backLinks.get(kind + "#" + stiggId));
        }
    }

    /** The same rules as DynamoEntityStates' conditions. */
    static final class InMemoryEntityStates implements EntityStates {
        private record State(Instant time, String messageId, Instant leaseUntil, String digest) {}

        private final Map<String, State> states = new HashMap<>();

        @Override
        public Claim claim(String tenantId, String entityKey, Instant stateTime, String messageId, Instant now,
                Instant leaseUntil) {
            State current = states.get(entityKey);
            boolean claimable = current == null || current.messageId().equals(messageId)
                    || current.time().isBefore(stateTime) && (current.leaseUntil() == null || current.leaseUntil().isBefore(now));
            if (claimable) {
                states.put(entityKey, new State(stateTime, messageId, leaseUntil, current == null ? null : current.digest()));
                return new Claim(Outcome.CLAIMED, current == null ? null : current.digest());
            }
            return new Claim(current.time().isBefore(stateTime) ? Outcome.BUSY : Outcome.STALE, current.digest());
        }

        @Override
        public void applied(String tenantId, String entityKey, String messageId, String digest) {
            State current = states.get(entityKey);
            if (current != null && current.messageId().equals(messageId)) {
                states.put(entityKey, new State(current.time(), messageId, null, digest));
            }
        }

        @Override
        public void release(String tenantId, String entityKey, String messageId) {
            State current = states.get(entityKey);
            if (current != null && current.messageId().equals(messageId)) {
                states.put(entityKey, new State(current.time(), messageId, null, current.digest()));
            }
        }
    }

    /** Stigg as the applier reads it: one customer to re-read; the applier makes no other call. */
    static final class FakeStigg implements Stigg {
        StiggCustomer customer;
        int reads;

        @Override
        public Optional<StiggCustomer> findCustomer(String apiKey, String customerId) {
            reads++;
            return Optional.ofNullable(customer);
        }

        private static <T> T notCalled() {
            throw new UnsupportedOperationException("applying a Stigg event calls no mutation");
        }

        @Override public StiggCustomer provisionCustomer(String apiKey, CustomerInput input) { return notCalled(); }
        @Override public StiggCustomer updateCustomer(String apiKey, CustomerInput input) { return notCalled(); }
        @Override public ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input) { return notCalled(); }
        @Override public StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input) { return notCalled(); }
        @Override public StiggCancellation cancelSubscription(String apiKey, CancellationInput input) { return notCalled(); }
        @Override public StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input) { return notCalled(); }
        @Override public List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId) { return notCalled(); }
    }
}
