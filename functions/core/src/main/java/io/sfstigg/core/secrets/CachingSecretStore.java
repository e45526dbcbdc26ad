package io.sfstigg.core.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads through a short cache (at most five minutes), so a key rotated in Secrets Manager is used
 * within that time; {@link #write} replaces the cached value at once.
 */
public final class CachingSecretStore implements SecretStore {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    private final SecretStore delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant expires) {}

    public CachingSecretStore(SecretStore delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    public CachingSecretStore(SecretStore delegate) {
        this(delegate, DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public String read(String secretId) {
        return read(secretId, null);
    }

    @Override
    public String read(String secretId, String version) {
        String cacheKey = version == null ? secretId : secretId + "|" + version;
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.value();
        }
        String value = delegate.read(secretId);
        cache.put(cacheKey, new Cached(value, now.plus(ttl)));
        return value;
    }

    @Override
    public String write(String name, String value) {
        String id = delegate.write(name, value);
        Instant expires = clock.instant().plus(ttl);
        cache.put(id, new Cached(value, expires));
        cache.put(name, new Cached(value, expires));
        return id;
    }
}
