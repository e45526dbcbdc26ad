package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.intake.InMemoryOpportunityStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.api.intake.RequestIntake;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.CompletedStep;
import io.sfstigg.core.ledger.CreditGrantResult;
import io.sfstigg.core.ledger.CustomerOutcome;
import io.sfstigg.core.ledger.CustomerResult;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.ledger.SubscriptionOutcome;
import io.sfstigg.core.ledger.SubscriptionResult;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.LinkUpdate;
import io.sfstigg.core.model.CreditGrantRequest;
import io.sfstigg.core.model.CustomerRequest;
import io.sfstigg.core.model.GrantType;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.model.RequestStatus;
import io.sfstigg.core.model.SampleRequests;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.ratelimit.CallLimiter;
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
import io.sfstigg.core.stigg.StiggErrorCode;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each operation's Stigg steps, and how a repeat of each finds what an earlier attempt did. */
class ProvisionerTest {
    private static final String ORG = "00D5e000000PaceEAA";
    private static final String ACCOUNT = "001Dn00000A1b2cIAB";
    private static final String OPPORTUNITY = "006Dn00000C3d4eIAB";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-31T22:00:00Z"), ZoneOffset.UTC);
    private static final Tenant TENANT = new Tenant(ORG, "Pace", "pace.my.salesforce.com", false, CLOCK.instant(),
            "pace-env", "USD", "secret-id", "server-****0001", CLOCK.instant());
    private static final DeepLinks LINKS = new DeepLinks("https://app.stigg.io");

    private final FakeStigg stigg = new FakeStigg();
    private final List<List<CallLimiter.Demand>> permitRequests = new ArrayList<>();
    private final Provisioner provisioner = new Provisioner(stigg, new Pacer(grantingLimiter(), Duration.ofSeconds(60),
            Duration.ofMillis(50)), id -> Optional.empty(), new InMemoryOpportunityStore(), LINKS, CLOCK, null);

    // ---- the table ----

    @Test
    void everyOperationHasAStepThatPlansItsMutationsForTheRequestsCustomer() {
        Map<Operation, List<String>> planned = Map.of(
                Operation.CREATE_CUSTOMER, List.of(Pacer.PROVISION_CUSTOMER),
                Operation.CREATE_SUBSCRIPTION, List.of(Pacer.PROVISION_CUSTOMER, Pacer.PROVISION_SUBSCRIPTION),
                Operation.PROVISION_OPPORTUNITY, List.of(Pacer.PROVISION_CUSTOMER, Pacer.PROVISION_SUBSCRIPTION),
                Operation.CREATE_CREDIT_GRANT, List.of(Pacer.CREATE_CREDIT_GRANT),
                Operation.AMEND_OPPORTUNITY, List.of(Pacer.UPDATE_SUBSCRIPTION),
                Operation.CANCEL_SUBSCRIPTION, List.of(Pacer.CANCEL_SUBSCRIPTION),
                Operation.APPLY_STIGG_EVENT, List.of());
        assertEquals(Operation.values().length, planned.size());
        for (Operation operation : Operation.values()) {
            List<Pacer.StiggCall> calls = provisioner.plannedCalls(operation, SampleRequests.of(operation));
            assertEquals(planned.get(operation), calls.stream().map(Pacer.StiggCall::operation).toList(), operation.name());
            assertTrue(calls.stream().allMatch(call -> "acme".equals(call.customerId())), operation.name());
        }
    }

    // ---- customers ----

    @Test
    void newCustomerIsCreatedAndLinkedToItsAccount() {
        Provisioner.Attempt attempt = attempt(Operation.CREATE_CUSTOMER, customer("acme", "Acme"), 1, null);

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("provisionCustomer"), stigg.calls);
        CustomerResult result = (CustomerResult) done.result();
        assertTrue(result.customer().created());
        assertEquals("Acme", result.customer().name());
        assertEquals(LINKS.stiggCustomer("pace-env", "acme"), result.stiggCustomerUrl());
        assertEquals(List.of(new LinkUpdate(ORG, ACCOUNT,
                DeepLinks.salesforceRecord("pace.my.salesforce.com", "Account", ACCOUNT), "acme", LINKS.stiggCustomer("pace-env", "acme"), null)), done.links());
        assertEquals(List.of(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, "acme")), attempt.admitted());
    }

    @Test
    void existingCustomerIsUpdatedWithItsOwnPermit() {
        stigg.customers.put("acme", new CustomerInput("acme", "Old name", null, null, null));
        Provisioner.Attempt attempt = attempt(Operation.CREATE_CUSTOMER, customer("acme", "Acme"), 1, null);

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("provisionCustomer", "updateOneCustomer"), stigg.calls);
        assertFalse(((CustomerResult) done.result()).customer().created());
        assertEquals("Acme", stigg.customers.get("acme").name());
        assertEquals(List.of(new Pacer.StiggCall(Pacer.UPDATE_CUSTOMER, "acme")), attempt.admitted());
        assertEquals(2, permitRequests.size(), "the update waits for its own permit");
        assertEquals(1, done.links().size());
    }

    @Test
    void customerWithoutAnAccountLeavesNoLinks() {
        CustomerRequest payload = new CustomerRequest(null, "acme", "Acme", null, null);
        assertTrue(provisioner.run(attempt(Operation.CREATE_CUSTOMER, payload, 1, null), TENANT, "key").links().isEmpty());
    }

    @Test
    void customerErrorOtherThanDuplicateIsThrown() {
        StiggException refused = new StiggException(StiggErrorCode.UNAUTHENTICATED, "key rejected", "trace-1");
        stigg.failNext = refused;
        assertSame(refused, assertThrows(StiggException.class, () -> provisioner.run(
                attempt(Operation.CREATE_CUSTOMER, customer("acme", "Acme"), 1, null), TENANT, "key")));
        assertEquals(List.of("provisionCustomer"), stigg.calls, "no update after a refusal that is not a duplicate");
    }

    // ---- subscriptions ----

    @Test
    void subscriptionCreatesItsCustomerAndRecordsBothSteps() {
        Provisioner.Attempt attempt = attempt(Operation.CREATE_SUBSCRIPTION, subscription("acme"), 1, null);
        String ownId = Provisioner.subscriptionId(attempt.record().requestId());

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("provisionCustomer", "provisionSubscription"), stigg.calls);
        SubscriptionResult result = (SubscriptionResult) done.result();
        assertEquals(ownId, result.subscription().subscriptionId());
        assertEquals("SUCCESS", result.subscription().provisionStatus());
        assertTrue(result.customer().created());
        assertEquals(new CompletedStep<>(CLOCK.instant(), result.customer()), attempt.steps().customer());
        assertEquals(new CompletedStep<>(CLOCK.instant(), result.subscription()), attempt.steps().subscription());
        LinkUpdate link = done.links().get(0);
        assertEquals(ACCOUNT, link.accountId());
        assertEquals(ownId, link.subscription().subscriptionId());
        assertEquals(OPPORTUNITY, link.subscription().salesforceOpportunityId());
        assertEquals(LINKS.stiggSubscription("pace-env", ownId), link.subscription().subscriptionUrl());
        assertEquals(List.of(new Pacer.StiggCall(Pacer.PROVISION_CUSTOMER, "acme"),
                new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, "acme")), attempt.admitted());
        assertEquals(1, permitRequests.size(), "both mutations are admitted together");
    }

    @Test
    void subscriptionForAnExistingCustomerLeavesTheCustomerAsItIs() {
        stigg.customers.put("acme", new CustomerInput("acme", "Kept", null, null, null));

        Provisioner.Provisioned done = provisioner.run(attempt(Operation.CREATE_SUBSCRIPTION, subscription("acme"), 1,
                null), TENANT, "key");

        assertEquals(List.of("provisionCustomer", "provisionSubscription"), stigg.calls);
        assertFalse(((SubscriptionResult) done.result()).customer().created());
        assertEquals("Kept", stigg.customers.get("acme").name());
    }

    @Test
    void subscriptionIdTakenByAnEarlierAttemptIsReadInsteadOfCreatedAgain() {
        Provisioner.Attempt attempt = attempt(Operation.CREATE_SUBSCRIPTION, subscription("acme"), 2, null);
        String ownId = Provisioner.subscriptionId(attempt.record().requestId());
        stigg.customers.put("acme", new CustomerInput("acme", null, null, null, null));
        stigg.subscriptions.put(ownId, new HeldSubscription("acme", stiggSubscription(ownId)));

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("provisionCustomer", "provisionSubscription", "getCustomerByRefId"), stigg.calls);
        assertEquals(1, stigg.subscriptions.size());
        SubscriptionOutcome subscription = ((SubscriptionResult) done.result()).subscription();
        assertEquals(ownId, subscription.subscriptionId());
        assertEquals("ACTIVE", subscription.status());
        assertNull(subscription.provisionStatus(), "nothing was provisioned in this attempt");
        assertEquals(ownId, done.links().get(0).subscription().subscriptionId());
    }

    @Test
    void duplicateThatIsNotOurSubscriptionIsThrown() {
        Provisioner.Attempt attempt = attempt(Operation.CREATE_SUBSCRIPTION, subscription("acme"), 1, null);
        String ownId = Provisioner.subscriptionId(attempt.record().requestId());
        stigg.subscriptions.put(ownId, new HeldSubscription("someone-else", stiggSubscription(ownId)));

        StiggException e = assertThrows(StiggException.class, () -> provisioner.run(attempt, TENANT, "key"));

        assertEquals(StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED, e.code());
    }

    @Test
    void retryResumesAfterTheCustomerStep() {
        Steps steps = Steps.NONE.withCustomer(new CompletedStep<>(CLOCK.instant().minusSeconds(60),
                new CustomerOutcome("acme", null, null, null, true)));
        Provisioner.Attempt attempt = attempt(Operation.CREATE_SUBSCRIPTION, subscription("acme"), 2, steps);

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("provisionSubscription"), stigg.calls);
        assertEquals(List.of(new Pacer.StiggCall(Pacer.PROVISION_SUBSCRIPTION, "acme")), attempt.admitted());
        assertTrue(((SubscriptionResult) done.result()).customer().created(), "the recorded step is the answer");
        assertNull(attempt.steps().customer(), "a step done before is not written again");
        assertTrue(attempt.steps().subscription() != null);
    }

    // ---- credit grants ----

    @Test
    void firstGrantAttemptCreatesWithoutLookingAndCarriesTheRequestId() {
        Provisioner.Attempt attempt = attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 1, null);

        Provisioner.Provisioned done = provisioner.run(attempt, TENANT, "key");

        assertEquals(List.of("createCreditGrant"), stigg.calls);
        assertEquals(attempt.record().requestId(),
                stigg.grants.get(0).additionalMetaData().get(StiggInputs.REQUEST_ID_KEY));
        assertEquals("grant-1", ((CreditGrantResult) done.result()).creditGrant().grantId());
        assertTrue(done.links().isEmpty());
        assertTrue(attempt.steps().isEmpty(), "a one-step request keeps no step log");
    }

    @Test
    void grantRetryFindsTheEarlierGrantByRequestIdAndCreatesNothing() {
        Provisioner.Attempt first = attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 1, null);
        provisioner.run(first, TENANT, "key");
        provisioner.run(attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 1, null, "other-key"), TENANT, "key");
        stigg.calls.clear();
        permitRequests.clear();

        Provisioner.Provisioned retried = provisioner.run(
                attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 2, null), TENANT, "key");

        assertEquals(List.of("creditGrants"), stigg.calls);
        assertEquals("grant-1", ((CreditGrantResult) retried.result()).creditGrant().grantId());
        assertEquals(2, stigg.grants.size());
        assertTrue(permitRequests.isEmpty(), "a read takes no mutation permit");
    }

    @Test
    void grantRetryWithoutAnEarlierGrantCreatesIt() {
        provisioner.run(attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 1, null, "other-key"), TENANT, "key");
        stigg.calls.clear();

        Provisioner.Provisioned retried = provisioner.run(
                attempt(Operation.CREATE_CREDIT_GRANT, grant("acme"), 2, null), TENANT, "key");

        assertEquals(List.of("creditGrants", "createCreditGrant"), stigg.calls);
        assertEquals("grant-2", ((CreditGrantResult) retried.result()).creditGrant().grantId());
    }

    // ---- fixtures ----

    private static Provisioner.Attempt attempt(Operation operation, ProvisioningRequest payload, int attempts, Steps steps) {
        return attempt(operation, payload, attempts, steps, "key-1");
    }

    private static Provisioner.Attempt attempt(Operation operation, ProvisioningRequest payload, int attempts, Steps steps,
            String key) {
        Instant now = CLOCK.instant();
        return new Provisioner.Attempt(new RequestRecord(RequestIntake.requestId(ORG, operation, key), ORG, operation,
                RequestStatus.IN_PROGRESS, key, "hash", payload, payload.stiggCustomerId(), now, now, now,
                null, attempts, null, null, steps, null, now.plusSeconds(60), null, 0));
    }

    private static CustomerRequest customer(String id, String name) {
        return new CustomerRequest(ACCOUNT, id, name, "billing@acme.test", null);
    }

    private static SubscriptionRequest subscription(String customerId) {
        return new SubscriptionRequest(ACCOUNT, customerId, null, "Acme", OPPORTUNITY, "plan-pro", null, List.of(),
                List.of(), null, null, false, null, null, null, List.of());
    }

    private static CreditGrantRequest grant(String customerId) {
        return new CreditGrantRequest(customerId, GrantType.PROMOTIONAL, "cred-type-test", "Grant", new BigDecimal("5"),
                null, null, null, null, null, null, null);
    }

    private static StiggSubscription stiggSubscription(String id) {
        return new StiggSubscription(id, "ACTIVE", null, null, null, null, null, null,
                new StiggSubscription.Plan("plan-pro", null, null), null);
    }

    /** A subscription in the fake Stigg, with the customer it belongs to. */
    private record HeldSubscription(String customerId, StiggSubscription subscription) {}

    private CallLimiter grantingLimiter() {
        return new CallLimiter() {
            @Override
            public Admission acquire(List<Demand> demands) {
                permitRequests.add(demands);
                return Admission.GRANTED;
            }

            @Override
            public Duration knownWait(List<Demand> demands) {
                return Duration.ZERO;
            }

            @Override
            public void holdBack(List<Demand> demands, Duration delay) {
                throw new UnsupportedOperationException("no call is refused here");
            }
        };
    }

    /** Stigg's answers to the provisioner's calls, on maps: ids are unique, as Stigg keeps them. */
    private static final class FakeStigg implements Stigg {
        final List<String> calls = new ArrayList<>();
        final Map<String, CustomerInput> customers = new LinkedHashMap<>();
        final Map<String, HeldSubscription> subscriptions = new LinkedHashMap<>();
        final List<StiggCreditGrant> grants = new ArrayList<>();
        StiggException failNext;

        private void call(String name) {
            calls.add(name);
            StiggException failure = failNext;
            failNext = null;
            if (failure != null) {
                throw failure;
            }
        }

        private static StiggException duplicate() {
            return new StiggException(StiggErrorCode.DUPLICATED_ENTITY_NOT_ALLOWED, "Duplicated entity", "trace-dup");
        }

        private static StiggCustomer answer(CustomerInput input) {
            return new StiggCustomer("id-" + input.customerId(), input.customerId(), input.name(), input.email(),
                    input.salesforceId(), null);
        }

        @Override
        public StiggCustomer provisionCustomer(String apiKey, CustomerInput input) {
            call("provisionCustomer");
            if (customers.containsKey(input.customerId())) {
                throw duplicate();
            }
            customers.put(input.customerId(), input);
            return answer(input);
        }

        @Override
        public StiggCustomer updateCustomer(String apiKey, CustomerInput input) {
            call("updateOneCustomer");
            customers.put(input.customerId(), input);
            return answer(input);
        }

        @Override
        public Optional<StiggCustomer> findCustomer(String apiKey, String customerId) {
            call("getCustomerByRefId");
            return Optional.ofNullable(customers.get(customerId)).map(customer -> new StiggCustomer(
                    "id-" + customerId, customerId, customer.name(), customer.email(), customer.salesforceId(),
                    subscriptions.values().stream().filter(s -> s.customerId().equals(customerId))
                            .map(HeldSubscription::subscription).toList()));
        }

        @Override
        public ProvisionedSubscription provisionSubscription(String apiKey, SubscriptionInput input) {
            call("provisionSubscription");
            String id = input.subscriptionId();
            if (subscriptions.containsKey(id)) {
                throw duplicate();
            }
            StiggSubscription subscription = stiggSubscription(id);
            subscriptions.put(id, new HeldSubscription(input.customerId(), subscription));
            return new ProvisionedSubscription("provisioning-" + id, "SUCCESS", null, subscription);
        }

        @Override
        public StiggSubscription updateSubscription(String apiKey, SubscriptionUpdateInput input) {
            throw new UnsupportedOperationException("amendments are SubscriptionChangesTest's");
        }

        @Override
        public StiggCancellation cancelSubscription(String apiKey, CancellationInput input) {
            throw new UnsupportedOperationException("cancellations are SubscriptionChangesTest's");
        }

        @Override
        public StiggCreditGrant createCreditGrant(String apiKey, CreditGrantInput input) {
            call("createCreditGrant");
            Map<String, String> metadata = new LinkedHashMap<>();
            input.additionalMetaData().forEach((key, value) -> metadata.put(key, value.toString()));
            StiggCreditGrant grant = new StiggCreditGrant("grant-" + (grants.size() + 1), "ACTIVE", input.amount(),
                    input.currencyId(), input.customerId(), input.displayName(), input.effectiveAt(), input.expireAt(),
                    metadata);
            grants.add(grant);
            return grant;
        }

        @Override
        public List<StiggCreditGrant> creditGrants(String apiKey, String customerId, String currencyId) {
            call("creditGrants");
            return grants.stream()
                    .filter(g -> g.customerId().equals(customerId) && g.currencyId().equals(currencyId))
                    .toList();
        }
    }
}
