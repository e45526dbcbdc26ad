package io.sfstigg.local;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the functions' processes write to stdout and stderr, line by line, as CloudWatch collects
 * it: echoed with the function's name in front, kept (the most recent lines) and handed to
 * subscribers such as tests that check what a function logged.
 */
public final class FunctionLogs {
    private static final int KEPT = 20_000;
    private final PrintStream echo;
    private final List<Consumer<Line>> subscribers = new CopyOnWriteArrayList<>();
    private final Deque<Line> recent = new ArrayDeque<>();

    public record Line(String function, Instant at, String text) {}

    public FunctionLogs(PrintStream echo) {
        this.echo = echo;
    }

    public void append(String function, String text) {
        Line line = new Line(function, Instant.now(), text);
        synchronized (recent) {
            recent.addLast(line);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        if (echo != null) {
            echo.println(function + " | " + text);
        }
        subscribers.forEach(s -> s.accept(line));
    }

    /** Hands every line from now on to the subscriber until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<Line> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** The kept lines of one function, oldest first. */
    public List<Line> lines(String function) {
        synchronized (recent) {
            return recent.stream().filter(l -> l.function().equals(function)).collect(ArrayList::new, List::add, List::addAll);
        }
    }
}
