package io.sfstigg.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sfstigg.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingSecretStoreTest {
    private final Map<String, String> stored = new HashMap<>();
    private final Map<String, Integer> reads = new HashMap<>();
    private final SecretStore backing = new SecretStore() {
        @Override
        public String read(String secretId) {
            reads.merge(secretId, 1, Integer::sum);
            return stored.get(secretId);
        }

        @Override
        public String write(String name, String value) {
            stored.put(name, value);
            return "arn:" + name;
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SecretStore store = new CachingSecretStore(backing, Duration.ofMinutes(5), clock);

    @Test
    void aSecretIsReadOnceWithinItsTimeToLive() {
        stored.put("key", "v1");
        assertEquals("v1", store.read("key"));
        stored.put("key", "v2");
        clock.advance(Duration.ofMinutes(4));
        assertEquals("v1", store.read("key"), "cached");
        clock.advance(Duration.ofMinutes(2));
        assertEquals("v2", store.read("key"), "expired: read again");
        assertEquals(2, reads.get("key"));
    }

    @Test
    void aNewVersionMissesTheCacheSoARotatedSecretIsUsedAtOnce() {
        stored.put("key", "old");
        assertEquals("old", store.read("key", "2026-12-01T00:00:00Z"));
        stored.put("key", "new");
        assertEquals("old", store.read("key", "2026-12-01T00:00:00Z"));
        assertEquals("new", store.read("key", "2026-12-01T00:01:00Z"));
        assertEquals(2, reads.get("key"));
    }

    @Test
    void aWrittenSecretIsServedFromTheCacheByNameAndId() {
        String id = store.write("key", "written");
        assertEquals("written", store.read(id));
        assertEquals("written", store.read("key"));
        assertEquals(null, reads.get("key"), "no read of what was just written");
    }

    @Test
    void aStoreWithoutACacheIgnoresTheVersion() {
        stored.put("key", "plain");
        assertEquals("plain", backing.read("key", "any"));
    }
}
