package io.sfstigg.core.ledger;

import java.util.Optional;

/** Reads one request from the ledger: all that a reader of its outcome needs. */
@FunctionalInterface
public interface LedgerReader {
    Optional<RequestRecord> find(String requestId);
}
