package io.sfstigg.core.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines that some classes log while an action runs, from whichever thread writes them. */
public final class LogCapture {
    private LogCapture() {}

    /** An action that may throw, as a test's body does. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} and returns what the loggers of {@code sources} wrote meanwhile, in order. */
    public static List<String> linesOf(Action action, Class<?>... sources) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Logger> loggers = new ArrayList<>();
        for (Class<?> source : sources) {
            Logger logger = Logger.getLogger(source.getName());
            logger.addHandler(capture);
            loggers.add(logger);
        }
        try {
            action.run();
        } finally {
            loggers.forEach(logger -> logger.removeHandler(capture));
        }
        return List.copyOf(lines);
    }
}
