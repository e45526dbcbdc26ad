package io.sfstigg.core.stigg;

import io.sfstigg.core.testing.EmulatorPerClass;
import io.sfstigg.local.stigg.StiggEmulator;
import java.time.Duration;

/** The Stigg emulator for a test class, and the adapter pointed at it. */
final class EmulatedStigg {
    private EmulatedStigg() {}

    /** Started once per class, reset before each test with one key acting in one environment that has the demo catalogue. */
    static EmulatorPerClass<StiggEmulator> perClass(String apiKey, String environment) {
        return new EmulatorPerClass<>(() -> StiggEmulator.start(0), emulator -> {
            emulator.reset();
            emulator.addApiKey(apiKey, environment);
            emulator.env(environment).seedDemoCatalog();
        });
    }

    static HttpStigg adapter(StiggEmulator emulator) {
        return new HttpStigg(HttpStigg.defaultClient(Duration.ofSeconds(5)), emulator.graphqlUrl());
    }
}
