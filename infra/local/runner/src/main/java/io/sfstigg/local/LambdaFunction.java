package io.sfstigg.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * A function as Lambda runs it: each execution environment is its own JVM process fed through
 * the Lambda Runtime API ({@link ExecutionEnvironment}), started on the first invocation that
 * finds none idle (a real cold start), reused while warm, one invocation at a time, at most
 * {@link FunctionSpec#concurrency()} at once; further invocations wait for a free one. An
 * environment whose process died or timed out is discarded.
 */
public final class LambdaFunction implements AutoCloseable {
    private final FunctionSpec spec;
    private final CredentialsEndpoint credentials;
    private final FunctionLogs logs;
    private final Path taskRoot;
    private final Semaphore slots;
    private int capacity;
    private static final java.time.Duration PROVISIONING_LIMIT = java.time.Duration.ofSeconds(60);
    private final Deque<ExecutionEnvironment> idle = new ConcurrentLinkedDeque<>();
    private final Set<ExecutionEnvironment> live = ConcurrentHashMap.newKeySet();
    private final List<ExecutionEnvironment> started = new ArrayList<>();
    private volatile boolean closed;

    public LambdaFunction(FunctionSpec spec, CredentialsEndpoint credentials, FunctionLogs logs) throws IOException {
        if (!Files.isRegularFile(spec.code())) {
            throw new IllegalStateException("the deployment package of " + spec.name() + " is missing: " + spec.code()
                    + " (run mvn package)");
        }
        this.spec = spec;
        this.credentials = credentials;
        this.logs = logs;
        this.capacity = Math.max(1, spec.concurrency());
        this.slots = new Semaphore(capacity, true);
        this.taskRoot = taskRoot(spec);
    }

    /**
     * Lambda's task root, as its Java runtime reads it: a copy of the function's code under
     * {@code lib/}, loaded by the runtime's customer class loader. A copy, as a deployment is:
     * a rebuild of the jar does not change the code of environments already running.
     */
    private static Path taskRoot(FunctionSpec spec) throws IOException {
        Path root = Files.createTempDirectory("lambda-task-" + spec.name() + "-");
        Path lib = Files.createDirectories(root.resolve("lib"));
        Files.copy(spec.code(), lib.resolve(spec.code().getFileName()));
        return root;
    }

    public String name() {
        return spec.name();
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** Invokes the function with an event as JSON bytes and returns its response as JSON bytes. */
    public byte[] invoke(byte[] event) throws Exception {
        return invoke(event, false);
    }

    /**
     * Invokes the function and kills its process once the function has answered, before the
     * answer comes back: the invocation fails as a crashed environment's does, and the
     * environment is gone.
     */
    public byte[] invokeAndKill(byte[] event) throws Exception {
        return invoke(event, true);
    }

    private byte[] invoke(byte[] event, boolean dieAfterAnswering) throws Exception {
        slots.acquire();
        ExecutionEnvironment environment = null;
        try {
            if (closed) {
                throw new IllegalStateException(spec.name() + " is shut down");
            }
            environment = idle.pollFirst();
            while (environment != null && !environment.alive()) {
                discard(environment);
                environment = idle.pollFirst();
            }
            if (environment == null) {
                environment = new ExecutionEnvironment(spec, taskRoot, credentials, logs);
                live.add(environment);
                synchronized (started) {
                    started.add(environment);
                }
            }
            return environment.invoke(event, dieAfterAnswering);
        } finally {
            if (environment != null) {
                if (environment.alive() && !closed) {
                    idle.addFirst(environment);
                } else {
                    discard(environment);
                }
            }
            slots.release();
        }
    }

    /**
     * Lambda's provisioned concurrency: starts environments until {@code count} are idle and
     * initialized, so the next invocations find them warm; the function may then run at least
     * {@code count} at once (locally, concurrency is otherwise capped to spare the machine).
     */
    public synchronized void provision(int count) throws Exception {
        if (count > capacity) {
            slots.release(count - capacity);
            capacity = count;
        }
        int wanted = count - idle.size();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int done = 0; done < wanted; done += cores) {
            // a few at a time: this machine's cores, not Lambda's fleet, run the inits
            List<ExecutionEnvironment> starting = new ArrayList<>();
            for (int i = done; i < Math.min(wanted, done + cores); i++) {
                ExecutionEnvironment environment = new ExecutionEnvironment(spec, taskRoot, credentials, logs);
                live.add(environment);
                synchronized (started) {
                    started.add(environment);
                }
                starting.add(environment);
            }
            for (ExecutionEnvironment environment : starting) {
                if (environment.awaitReady(PROVISIONING_LIMIT) && !closed) {
                    idle.addLast(environment);
                } else {
                    discard(environment);
                    throw new IllegalStateException(spec.name() + ": a provisioned environment did not initialize within "
                            + PROVISIONING_LIMIT.toSeconds() + " s (see its log lines)");
                }
            }
        }
    }

    private void discard(ExecutionEnvironment environment) {
        live.remove(environment);
        environment.close();
    }

    /** Kills the process of every running execution environment, as a crash would (chaos for tests). */
    public void killEnvironments() {
        live.forEach(ExecutionEnvironment::kill);
    }

    /** Execution environments started so far (a cold start each), oldest first. */
    public int coldStarts() {
        synchronized (started) {
            return started.size();
        }
    }

    /** The most recently started execution environment's timeline, for tests and benchmarks. */
    public EnvironmentTimeline lastEnvironment() {
        synchronized (started) {
            if (started.isEmpty()) {
                throw new IllegalStateException(spec.name() + " has not started an execution environment");
            }
            ExecutionEnvironment last = started.get(started.size() - 1);
            return new EnvironmentTimeline(last.pid(), last.restoredAt(), last.firstDeliveredAt(), last.firstResponseNanos(),
                    last.durationsMicros());
        }
    }

    /**
     * The environment's process id, when SnapStart restored it (null without SnapStart), when its
     * first invocation was handed over, process start to first response (ns), and each
     * invocation's duration (µs).
     */
    public record EnvironmentTimeline(long pid, java.time.Instant restoredAt, java.time.Instant firstDeliveredAt,
            long firstResponseNanos, List<Long> durationsMicros) {}

    @Override
    public void close() {
        closed = true;
        live.forEach(ExecutionEnvironment::close);
        live.clear();
        idle.clear();
        try (Stream<Path> files = Files.walk(taskRoot)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
