package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** A step that succeeded: when, and its outcome. Stored as {@code {"status":"SUCCEEDED","at":…,"result":…}}. */
@JsonPropertyOrder({"status", "at", "result"})
public record CompletedStep<T>(Instant at, T result) {

    @JsonProperty("status")
    String status() {
        return "SUCCEEDED";
    }
}
