package io.sfstigg.core.log;

import java.util.List;
import java.util.Map;

/** CloudWatch metrics as embedded metric format (EMF) log lines: no API call, no extra latency. */
public final class Metrics {
    public static final String NAMESPACE = "SalesforceStiggProvisioner";
    private static final Log LOG = Log.of(Metrics.class);
    private final String stack;

    public Metrics(String stack) {
        this.stack = stack;
    }

    public void count(String metric, Object... keyValues) {
        Map<String, Object> aws = Map.of(
                "Timestamp", System.currentTimeMillis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Stack")),
                        "Metrics", List.of(Map.of("Name", metric, "Unit", "Count")))));
        Object[] fields = new Object[keyValues.length + 6];
        fields[0] = "_aws";
        fields[1] = aws;
        fields[2] = "Stack";
        fields[3] = stack;
        fields[4] = metric;
        fields[5] = 1;
        System.arraycopy(keyValues, 0, fields, 6, keyValues.length);
        LOG.info("metric " + metric, fields);
    }
}
