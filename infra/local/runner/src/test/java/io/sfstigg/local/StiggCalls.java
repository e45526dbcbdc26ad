package io.sfstigg.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.local.stigg.StiggEmulator;
import java.util.List;

/** What the Stigg emulator received and holds, for one customer of the local sandbox. */
final class StiggCalls {
    static final String ENVIRONMENT = "local-sandbox";

    private StiggCalls() {}

    /** Successful and failed calls of one root field whose input names the customer. */
    static List<StiggEmulator.Call> calls(String field, String customerId) {
        return TestSystem.emulator().calls().stream()
                .filter(c -> field.equals(c.field()))
                .filter(c -> customerId.equals(c.variables().path("input").path("customerId").asText()))
                .toList();
    }

    static JsonNode lastInput(String field, String customerId) {
        List<StiggEmulator.Call> found = calls(field, customerId);
        if (found.isEmpty()) {
            throw new AssertionError("Stigg received no " + field + " for " + customerId);
        }
        return found.get(found.size() - 1).variables().path("input");
    }

    static List<ObjectNode> customers(String customerId) {
        return TestSystem.emulator().env(ENVIRONMENT).customers().stream()
                .filter(c -> customerId.equals(c.path("customerId").asText())).toList();
    }

    static List<ObjectNode> subscriptions(String customerId) {
        return TestSystem.emulator().env(ENVIRONMENT).subscriptions().stream()
                .filter(c -> customerId.equals(c.path("customerId").asText())).toList();
    }

    static List<ObjectNode> grants(String customerId) {
        return TestSystem.emulator().env(ENVIRONMENT).creditGrants().stream()
                .filter(c -> customerId.equals(c.path("customerId").asText())).toList();
    }
}
