package io.sfstigg.core.testing;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local emulator shared by one test class: started before its first test, made fresh before each
 * test (before the class's own {@code @BeforeEach}), closed after its last.
 */
public final class EmulatorPerClass<T extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** Starts the emulator. */
    @FunctionalInterface
    public interface Starter<T> {
        T start() throws Exception;
    }

    private final Starter<T> starter;
    private final Consumer<T> fresh;
    private T emulator;

    public EmulatorPerClass(Starter<T> starter, Consumer<T> fresh) {
        this.starter = starter;
        this.fresh = fresh;
    }

    /** The running emulator. */
    public T get() {
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        emulator = starter.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fresh.accept(emulator);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        emulator.close();
    }
}
