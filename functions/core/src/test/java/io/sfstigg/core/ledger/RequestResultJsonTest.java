package io.sfstigg.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.Operation;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results and steps as the ledger stored them before they were typed (each shape, with the nulls
 * it wrote and the fields it left out) read back and write again to the very same JSON: items
 * written before still read, and the status route shows what it always showed.
 */
class RequestResultJsonTest {
    private static final String CUSTOMER_URL = "\"stiggCustomerUrl\":\"https://app.stigg.io/env/customers/acme\"";
    private static final String SUBSCRIPTION_URL = "\"subscriptionUrl\":\"https://app.stigg.io/env/subscriptions/sub-1\"";

    static Stream<Arguments> storedResults() {
        return Stream.of(
                Arguments.of(Operation.CREATE_CUSTOMER, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ",\"customer\":"
                        + "{\"customerId\":\"acme\",\"name\":\"Acme\",\"salesforceId\":\"001Dn00000A1b2cIAB\",\"created\":true}}"),
                Arguments.of(Operation.CREATE_SUBSCRIPTION, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"customer\":{\"customerId\":\"acme\",\"created\":false},\"subscription\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"status\":\"ACTIVE\",\"provisionStatus\":\"SUCCESS\","
                        + "\"checkoutUrl\":\"https://pay.example/1\",\"planId\":\"plan-pro\",\"displayName\":\"Pro\","
                        + "\"billingPeriod\":\"MONTHLY\",\"startDate\":\"2026-01-01T00:00:00.000Z\","
                        + "\"salesforceId\":\"006Dn00000C3d4eIAB\",\"addons\":[{\"addonId\":\"addon-seats\",\"quantity\":5}]}}"),
                Arguments.of(Operation.PROVISION_OPPORTUNITY, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"customer\":{\"customerId\":\"acme\",\"created\":false},\"subscription\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"status\":null,\"planId\":\"plan-pro\",\"applyAt\":\"NOW\",\"renewed\":true}}"),
                Arguments.of(Operation.CREATE_SUBSCRIPTION, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"customer\":{\"customerId\":\"acme\",\"created\":true},\"subscription\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"status\":\"ACTIVE\",\"planId\":null,\"addons\":[]}}"),
                Arguments.of(Operation.CREATE_CREDIT_GRANT, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ",\"creditGrant\":"
                        + "{\"grantId\":\"grant-1\",\"status\":\"ACTIVE\",\"currencyId\":\"cred-type-test\",\"customerId\":\"acme\","
                        + "\"displayName\":\"Grant\",\"effectiveAt\":\"2026-04-01T00:00:00.000Z\",\"amount\":12.50}}"),
                Arguments.of(Operation.CANCEL_SUBSCRIPTION, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"opportunityId\":\"006Dn00000C3d4eIAB\",\"cancellation\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"cancellationTime\":\"SPECIFIC_DATE\",\"status\":\"ACTIVE\","
                        + "\"cancellationDate\":\"2027-01-15T00:00:00Z\",\"alreadyCancelled\":false}}"),
                Arguments.of(Operation.CANCEL_SUBSCRIPTION, "{\"cancellation\":{\"subscriptionId\":\"sub-1\"," + SUBSCRIPTION_URL
                        + ",\"cancellationTime\":\"IMMEDIATE\",\"status\":\"CANCELED\",\"alreadyCancelled\":true}}"),
                Arguments.of(Operation.AMEND_OPPORTUNITY, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"opportunityId\":\"006Dn00000C3d4eIAB\",\"revision\":\"2\",\"subscription\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"planId\":\"plan-basic\"},\"changes\":[\"ADDONS\",\"BILLING_PERIOD\"],"
                        + "\"unchanged\":false,\"stiggCalled\":true,\"applyAt\":\"END_OF_BILLING_PERIOD\"}"),
                Arguments.of(Operation.AMEND_OPPORTUNITY, "{\"stiggCustomerId\":\"acme\"," + CUSTOMER_URL + ","
                        + "\"opportunityId\":\"006Dn00000C3d4eIAB\",\"revision\":\"2\",\"subscription\":{\"subscriptionId\":\"sub-1\","
                        + SUBSCRIPTION_URL + ",\"planId\":null},\"changes\":[],\"unchanged\":false,\"stiggCalled\":false}"),
                Arguments.of(Operation.APPLY_STIGG_EVENT, "{\"sync\":\"APPLIED\",\"type\":\"subscription.updated\","
                        + "\"messageId\":\"msg-1\",\"salesforceObject\":\"Opportunity\",\"salesforceRecordId\":\"006Dn00000C3d4eIAB\","
                        + "\"fieldsWritten\":[\"subscriptionStatus\",\"plan\"]}"),
                Arguments.of(Operation.APPLY_STIGG_EVENT, "{\"sync\":\"NOT_LINKED\",\"type\":\"customer.updated\","
                        + "\"messageId\":\"msg-2\",\"salesforceObject\":null,\"salesforceRecordId\":null,\"fieldsWritten\":[]}"));
    }

    @ParameterizedTest
    @MethodSource("storedResults")
    void aStoredResultReadsBackAndWritesTheSameJson(Operation operation, String stored) {
        RequestResult result = Json.read(stored, RequestResult.typeOf(operation));
        assertEquals(stored, Json.write(result));
    }

    @Test
    void storedStepsReadBackAndWriteTheSameJson() {
        String customer = "{\"status\":\"SUCCEEDED\",\"at\":\"2026-03-31T22:00:00.123Z\","
                + "\"result\":{\"customerId\":\"acme\",\"created\":true}}";
        String subscription = "{\"status\":\"SUCCEEDED\",\"at\":\"2026-03-31T22:00:01Z\",\"result\":{\"subscriptionId\":\"sub-1\","
                + SUBSCRIPTION_URL + ",\"status\":\"ACTIVE\",\"provisionStatus\":\"SUCCESS\",\"planId\":\"plan-pro\",\"addons\":[]}}";

        Steps steps = Json.read("{\"customer\":" + customer + ",\"subscription\":" + subscription + "}", Steps.class);

        assertEquals(Instant.parse("2026-03-31T22:00:00.123Z"), steps.customer().at());
        assertEquals(new CustomerOutcome("acme", null, null, null, true), steps.customer().result());
        assertEquals("sub-1", steps.subscription().result().subscriptionId());
        assertEquals(customer, Json.write(steps.customer()));
        assertEquals(subscription, Json.write(steps.subscription()));
        assertEquals("{}", Json.write(Steps.NONE));
    }

    @Test
    void savedStepsReplaceOnlyTheStepsSaved() {
        CompletedStep<CustomerOutcome> first = new CompletedStep<>(Instant.EPOCH, CustomerOutcome.existing("acme"));
        CompletedStep<CustomerOutcome> again = new CompletedStep<>(Instant.EPOCH.plusSeconds(1), CustomerOutcome.existing("acme"));
        CompletedStep<SubscriptionOutcome> subscription = new CompletedStep<>(Instant.EPOCH, SubscriptionOutcome.renewal(
                "sub-1", null, "ACTIVE", "plan-pro", "NOW"));

        Steps kept = Steps.NONE.withCustomer(first).and(Steps.NONE.withSubscription(subscription));

        assertEquals(new Steps(first, subscription), kept);
        assertEquals(new Steps(again, subscription), kept.and(Steps.NONE.withCustomer(again)));
    }
}
