package io.sfstigg.core.sync;

import java.util.Optional;

/** Each org's sync configuration (no secret values: those are in Secrets Manager). */
public interface SyncConfigStore {
    Optional<SyncConfig> find(String tenantId);

    void save(SyncConfig config);
}
