package io.sfstigg.core.ledger;

/** The requests table, all of it (intake and worker each see their own part): the ledger that makes every request happen once and shows what happened. */
public interface Ledger extends IntakeLedger, AttemptLedger {
    /** Stores a new request; false when one with that id exists already. */
    boolean create(RequestRecord record);

    @Override
    default Created create(RequestRecord record, int requestsPerSecond) {
        return create(record) ? Created.CREATED : Created.EXISTS;
    }
}
