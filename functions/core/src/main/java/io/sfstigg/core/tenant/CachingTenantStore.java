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
 * reads at once. Writes and tokens go straight to the store.
 */
public final class CachingTenantStore implements TenantStore {
    private static final int MAX_ENTRIES = 1_000;

    private record Entry(Optional<Tenant> tenant, Instant readAt) {}

    private final TenantStore store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public CachingTenantStore(TenantStore store, Duration ttl, Clock clock) {
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

    @Override
    public boolean create(Tenant tenant) {
        cache.remove(tenant.tenantId());
        return store.create(tenant);
    }

    @Override
    public void save(Tenant tenant) {
        cache.remove(tenant.tenantId());
        store.save(tenant);
    }

    @Override
    public Optional<TenantToken> findToken(String tokenId) {
        return store.findToken(tokenId);
    }

    @Override
    public Optional<TokenAndTenant> findTokenAndTenant(String tokenId, String tenantIdHint) {
        return store.findTokenAndTenant(tokenId, tenantIdHint);
    }

    @Override
    public void saveToken(TenantToken token) {
        store.saveToken(token);
    }

    @Override
    public boolean revokeToken(String tenantId, String tokenId, Instant at) {
        return store.revokeToken(tenantId, tokenId, at);
    }
}
