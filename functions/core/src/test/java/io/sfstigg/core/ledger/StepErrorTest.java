package io.sfstigg.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sfstigg.core.json.Json;
import org.junit.jupiter.api.Test;

/** The error as the ledger stores it (JSON in {@code lastError}): what is written reads back. */
class StepErrorTest {

    @Test
    void stiggsTraceIdIsStoredAndReadBack() {
        StepError error = new StepError("PlanNotFound", "Plan not found: plan-x", false, "4b0c-trace");
        assertEquals(error, Json.read(Json.write(error), StepError.class));
    }

    @Test
    void anErrorWithoutTraceIdIsStoredWithoutTheField() {
        String stored = Json.write(new StepError("TenantNotConfigured", "not configured", false));
        assertFalse(stored.contains("stiggTraceId"), stored);
    }

    @Test
    void anErrorStoredBeforeTraceIdsReadsWithNone() {
        StepError old = Json.read("{\"code\":\"Timeout\",\"message\":\"Stigg did not answer in time\",\"retryable\":true}",
                StepError.class);
        assertEquals("Timeout", old.code());
        assertNull(old.stiggTraceId());
    }
}
