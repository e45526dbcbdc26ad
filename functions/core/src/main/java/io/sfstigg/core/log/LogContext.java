package io.sfstigg.core.log;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda invocation a thread works for, which {@link Log} adds to every line: set by the
 * handler for the invocation's length ({@link #begin}), carried into tasks it hands to other
 * threads ({@link #propagate}), gone once the invocation ends.
 */
public final class LogContext {
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();
    private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);

    private LogContext() {
    }

    /** The invocation's request id, and whether it is the first one of this execution environment. */
    public record Invocation(String awsRequestId, boolean coldStart) {
    }

    /** Ends the invocation's context on the thread that began it (or ran a propagated task). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts the invocation's context on this thread. Without a Lambda context (a SnapStart
     * priming call, a test) nothing is set and the cold start is left to the first real invocation.
     */
    public static Scope begin(Context context) {
        return begin(context, FIRST_INVOCATION);
    }

    static Scope begin(Context context, AtomicBoolean firstInvocation) {
        if (context == null) {
            return enter(CURRENT.get());
        }
        return enter(new Invocation(context.getAwsRequestId(), firstInvocation.getAndSet(false)));
    }

    public static Optional<Invocation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The task, run within the context of the thread that calls this method (the submitting one). */
    public static <T> Callable<T> propagate(Callable<T> task) {
        Invocation captured = CURRENT.get();
        return () -> {
            try (Scope ignored = enter(captured)) {
                return task.call();
            }
        };
    }

    private static Scope enter(Invocation invocation) {
        Invocation previous = CURRENT.get();
        set(invocation);
        return () -> set(previous);
    }

    private static void set(Invocation invocation) {
        if (invocation == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(invocation);
        }
    }
}
