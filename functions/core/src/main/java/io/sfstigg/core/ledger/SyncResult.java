package io.sfstigg.core.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A Stigg event applied to Salesforce: what became of it, the record it went to and the fields written. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncResult(
        Sync sync,
        String type,
        String messageId,
        String salesforceObject,
        String salesforceRecordId,
        List<String> fieldsWritten) implements RequestResult {

    public SyncResult {
        fieldsWritten = List.copyOf(fieldsWritten);
    }

    public enum Sync {
        /** Written to the linked record. */
        APPLIED,
        /** The values were those last written: nothing written. */
        UNCHANGED,
        /** Older than the state applied for the entity: nothing written. */
        STALE,
        /** No Salesforce record is linked to the entity: it was not provisioned from Salesforce. */
        NOT_LINKED
    }
}
