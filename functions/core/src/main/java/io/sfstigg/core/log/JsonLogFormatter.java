package io.sfstigg.core.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Prints the JSON line a {@link Log} built, unchanged: one record, one line. */
public final class JsonLogFormatter extends Formatter {
    private static volatile boolean installed;

    @Override
    public String format(LogRecord record) {
        return record.getMessage() + System.lineSeparator();
    }

    static synchronized void installOnce() {
        if (installed) {
            return;
        }
        Logger root = Logger.getLogger("io.sfstigg");
        root.setUseParentHandlers(false);
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter());
        root.addHandler(handler);
        installed = true;
    }
}
