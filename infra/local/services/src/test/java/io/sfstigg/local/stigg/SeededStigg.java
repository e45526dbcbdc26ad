package io.sfstigg.local.stigg;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The emulator one test class talks to: started before its first test with one key on an
 * environment holding the demo catalog; before each test (before the class's own
 * {@code @BeforeEach}) its data, calls and faults are forgotten and Stigg's default rate limits set;
 * closed after its last.
 */
final class SeededStigg implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final String key;
    private final String env;
    private final Clock clock;
    private StiggEmulator emulator;
    private GraphQlClient client;

    SeededStigg(String key, String env) {
        this(key, env, Clock.systemUTC());
    }

    /** An emulator whose rate limits read {@code clock}. */
    SeededStigg(String key, String env, Clock clock) {
        this.key = key;
        this.env = env;
        this.clock = clock;
    }

    StiggEmulator emulator() {
        return emulator;
    }

    GraphQlClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        emulator = StiggEmulator.start(0, clock);
        emulator.addApiKey(key, env);
        emulator.seedDemoCatalog(env);
        client = new GraphQlClient(emulator.graphqlUrl());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
        emulator.setRateLimits(30, 250, Duration.ofMinutes(1));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
    }
}
