package io.sfstigg.core.stigg;

import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Stigg emulator for a test class and the adapter pointed at it: started once, reset before
 * each test with one key acting in one environment that has the demo catalogue.
 */
final class EmulatedStigg implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final String apiKey;
    private final String environment;
    private StiggEmulator emulator;
    private HttpStigg stigg;

    EmulatedStigg(String apiKey, String environment) {
        this.apiKey = apiKey;
        this.environment = environment;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        emulator = StiggEmulator.start(0);
        stigg = new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(5)), emulator.graphqlUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
        emulator.addApiKey(apiKey, environment);
        emulator.env(environment).seedDemoCatalog();
    }

    StiggEmulator emulator() {
        return emulator;
    }

    HttpStigg stigg() {
        return stigg;
    }
}
