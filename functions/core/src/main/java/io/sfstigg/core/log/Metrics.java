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

    public void count(String metric, Log.Fields... fields) {
        Map<String, Object> aws = Map.of(
                "Timestamp", System.currentTimeMillis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Stack")),
                        "Metrics", List.of(Map.of("Name", metric, "Unit", "Count")))));
        LOG.info("metric " + metric, Log.kv("_aws", aws), Log.kv("Stack", stack), Log.kv(metric, 1), Log.group(fields));
    }
}
