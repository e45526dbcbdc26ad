package io.sfstigg.local.aws;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Secrets Manager on {@code moto_server} (from the machine image), on 127.0.0.1 and a free port. */
public final class LocalSecretsManager implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final Process process;
    private final int port;

    private LocalSecretsManager(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Where {@code moto_server} is, if it is on PATH. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean isAvailable() {
        return executable().isPresent();
    }

    public static String unavailableReason() {
        return "moto_server is not on PATH: Secrets Manager tests against moto are skipped"
                + " (install it with pip install 'moto[server]' to run them)";
    }

    public static Optional<LocalSecretsManager> startIfAvailable() throws IOException, InterruptedException {
        return isAvailable() ? Optional.of(start()) : Optional.empty();
    }

    public static LocalSecretsManager start() throws IOException, InterruptedException {
        Path moto = executable().orElseThrow(() -> new IllegalStateException(unavailableReason()));
        int port = freePort();
        Process process = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        LocalSecretsManager started = new LocalSecretsManager(process, port);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-shutdown"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                started.close();
                throw new IllegalStateException("moto_server did not start on port " + port);
            }
            Thread.sleep(100);
        }
        return started;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
