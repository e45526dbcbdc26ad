package io.sfstigg.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table from operation to the request type it carries. */
class OperationTest {

    @Test
    void everyOperationCarriesOneOfTheSealedRequestTypes() {
        List<Class<?>> permitted = Arrays.asList(ProvisioningRequest.class.getPermittedSubclasses());
        for (Operation operation : Operation.values()) {
            assertTrue(permitted.contains(operation.requestType()), operation + " carries " + operation.requestType());
        }
    }

    @Test
    void everyRequestTypeIsCarriedBySomeOperation() {
        Set<Class<?>> carried = Arrays.stream(Operation.values()).map(Operation::requestType).collect(Collectors.toSet());
        assertEquals(Set.of(ProvisioningRequest.class.getPermittedSubclasses()), carried);
    }

    @Test
    void onlyTheTwoSubscriptionOperationsShareATypeAndEachCarriesItsSample() {
        Set<Operation> subscriptions = EnumSet.noneOf(Operation.class);
        for (Operation operation : Operation.values()) {
            if (operation.requestType() == SubscriptionRequest.class) {
                subscriptions.add(operation);
            }
            assertTrue(operation.carries(SampleRequests.of(operation)), operation.name());
        }
        assertEquals(EnumSet.of(Operation.CREATE_SUBSCRIPTION, Operation.PROVISION_OPPORTUNITY), subscriptions);
        assertFalse(Operation.CREATE_CREDIT_GRANT.carries(SampleRequests.of(Operation.CREATE_CUSTOMER)));
        assertFalse(Operation.CREATE_CUSTOMER.carries(null));
    }

    @Test
    void eachRequestNamesTheCustomerItsCallsArePacedBy() {
        for (Operation operation : Operation.values()) {
            assertEquals("acme", SampleRequests.of(operation).stiggCustomerId(), operation.name());
        }
    }
}
