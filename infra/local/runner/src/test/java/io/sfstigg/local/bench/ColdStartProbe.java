package io.sfstigg.local.bench;

import io.sfstigg.local.LambdaFunction;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs in a fresh JVM: loads one handler through the Lambda runtime's loader, invokes it once
 * (the cold start), then {@code warm} more times, and prints one line of figures for the parent:
 * {@code PROBE firstResponseMs classesLoaded warmP50Us warmP99Us status}. Settings come as system properties.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        String handler = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        int warm = Integer.parseInt(args[2]);
        LambdaFunction function = new LambdaFunction("probe", handler, 60);
        byte[] first = function.invoke(event);
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long[] micros = new long[warm];
        String text = new String(event, StandardCharsets.UTF_8);
        for (int i = 0; i < warm; i++) {
            byte[] next = text.replace("\"idempotency-key\" : \"", "\"idempotency-key\" : \"warm-" + i + "-")
                    .getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            function.invoke(next);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        String status = new String(first, StandardCharsets.UTF_8).replaceAll("(?s).*\"statusCode\"\\s*:\\s*(\\d+).*", "$1");
        System.out.printf("PROBE %d %d %d %d %s%n", sinceStart, classes,
                warm == 0 ? 0 : micros[warm / 2], warm == 0 ? 0 : micros[Math.min(warm - 1, (int) (warm * 0.99))],
                status.length() > 5 ? "-" : status);
    }
}
