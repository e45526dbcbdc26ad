package io.sfstigg.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker's tenant cache: reads within the ttl are served from memory, refresh reads at once. */
class CachingTenantStoreTest {
    private static final String ORG = "00D5e000000CacheAA";
    private final Map<String, Tenant> stored = new HashMap<>();
    private int reads;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final CachingTenantStore cache = new CachingTenantStore(id -> {
        reads++;
        return Optional.ofNullable(stored.get(id));
    }, Duration.ofSeconds(30), clock);

    @Test
    void aChangeReachesTheCacheAfterTheTtlOrAtOnceOnRefresh() {
        stored.put(ORG, tenant(false));
        assertFalse(cache.find(ORG).orElseThrow().disabled());

        stored.put(ORG, tenant(true));
        clock.advance(Duration.ofSeconds(29));
        assertFalse(cache.find(ORG).orElseThrow().disabled(), "served from memory within the ttl");
        assertEquals(1, reads);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.find(ORG).orElseThrow().disabled(), "read again once the ttl is over");
        assertEquals(2, reads);

        stored.put(ORG, tenant(false));
        assertFalse(cache.refresh(ORG).orElseThrow().disabled());
        assertFalse(cache.find(ORG).orElseThrow().disabled(), "the refreshed tenant is what is cached");
        assertEquals(3, reads);
    }

    @Test
    void aMissingOrgIsCachedAsMissingUntilTheTtlIsOver() {
        assertTrue(cache.find(ORG).isEmpty());
        stored.put(ORG, tenant(false));
        assertTrue(cache.find(ORG).isEmpty());
        clock.advance(Duration.ofSeconds(30));
        assertTrue(cache.find(ORG).isPresent());
    }

    private Tenant tenant(boolean disabled) {
        return new Tenant(ORG, "Cache", "cache.my.salesforce.com", disabled, clock.instant(), "env", "USD",
                "secret", "server-****0000", clock.instant());
    }
}
