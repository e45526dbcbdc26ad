package io.sfstigg.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants read through a short cache, one per execution environment: a tenant read is served from
 * memory for {@code ttl} after it was read from the store. A change to the org (disabled, a new
 * Stigg key, new limits) reaches a warm environment at most {@code ttl} later; {@link #refresh}
 * reads at once. It only reads: nothing it holds is ever written back, so a stale entry cannot
 * undo a change made elsewhere; writers (the API) use the store itself.
 */
public final class CachingTenantStore implements TenantReader {
    private static final int MAX_ENTRIES = 1_000;

    private record Entry(Optional<Tenant> tenant, Instant readAt) {}

    private final TenantReader store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public CachingTenantStore(TenantReader store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        Instant now = clock.instant();
        Entry entry = cache.get(tenantId);
        if (entry != null && now.isBefore(entry.readAt().plus(ttl))) {
            return entry.tenant();
        }
        return read(tenantId, now);
    }

    /** Reads the tenant from the store whatever the cache holds, and caches it. */
    public Optional<Tenant> refresh(String tenantId) {
        return read(tenantId, clock.instant());
    }

    private Optional<Tenant> read(String tenantId, Instant now) {
        Optional<Tenant> tenant = store.find(tenantId);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(tenantId, new Entry(tenant, now));
        return tenant;
    }
}
