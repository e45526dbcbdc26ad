package io.sfstigg.core.log;

import static io.sfstigg.core.log.Log.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.testing.FakeLambdaContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.SqsException;

class LogTest {
    private static final Log LOG = Log.of(LogTest.class);
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger(LogTest.class.getName()).addHandler(capture);
        Logger.getLogger(Metrics.class.getName()).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(LogTest.class.getName()).removeHandler(capture);
        Logger.getLogger(Metrics.class.getName()).removeHandler(capture);
    }

    private JsonNode onlyLine() {
        assertEquals(1, lines.size(), lines.toString());
        return Json.read(lines.remove(0));
    }

    @Test
    void everyFieldIsKeptInOrderGroupsFlattenedNullsIncluded() {
        LOG.info("fields", kv("requestId", "req_1"), Log.group(kv("tenantId", "t"), kv("operation", null)),
                kv("receiveCount", 3));
        JsonNode line = onlyLine();
        assertEquals("fields", line.path("message").asText());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("req_1", line.path("requestId").asText());
        assertEquals("t", line.path("tenantId").asText());
        assertTrue(line.has("operation") && line.get("operation").isNull(), line.toString());
        assertEquals(3, line.path("receiveCount").asInt());
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("requestId", "tenantId", "operation", "receiveCount"), names.subList(4, 8));
    }

    @Test
    void aFieldNamedLikeOneTheLineHasIsKeptUnderAPrefix() {
        LOG.warn("the line's own", kv("message", "the caller's"), kv("level", "x"), kv("message", "again"));
        JsonNode line = onlyLine();
        assertEquals("the line's own", line.path("message").asText());
        assertEquals("WARN", line.path("level").asText());
        assertEquals("the caller's", line.path("field.message").asText());
        assertEquals("again", line.path("field.field.message").asText());
        assertEquals("x", line.path("field.level").asText());
    }

    @Test
    void linesWithinAnInvocationCarryItsRequestIdAndColdStartAndNoneAfter() {
        AtomicBoolean first = new AtomicBoolean(true);
        try (LogContext.Scope invocation = LogContext.begin(FakeLambdaContext.withRequestId("lambda-1"), first)) {
            LOG.info("first");
        }
        JsonNode line = onlyLine();
        assertEquals("lambda-1", line.path("awsRequestId").asText());
        assertTrue(line.path("coldStart").asBoolean());

        try (LogContext.Scope invocation = LogContext.begin(FakeLambdaContext.withRequestId("lambda-2"), first)) {
            LOG.info("second");
        }
        line = onlyLine();
        assertEquals("lambda-2", line.path("awsRequestId").asText());
        assertFalse(line.path("coldStart").asBoolean(true), "only an environment's first invocation is cold");

        LOG.info("between invocations");
        line = onlyLine();
        assertFalse(line.has("awsRequestId") || line.has("coldStart"), line.toString());
        assertTrue(LogContext.current().isEmpty());
    }

    @Test
    void aCallWithoutALambdaContextSetsNothingAndLeavesTheColdStartToTheFirstInvocation() {
        AtomicBoolean first = new AtomicBoolean(true);
        try (LogContext.Scope priming = LogContext.begin(null, first)) {
            assertTrue(LogContext.current().isEmpty());
        }
        try (LogContext.Scope invocation = LogContext.begin(FakeLambdaContext.withRequestId("lambda-3"), first)) {
            assertTrue(LogContext.current().orElseThrow().coldStart());
        }
    }

    @Test
    void aTaskOnAnotherThreadLogsWithTheSubmittersInvocationAndThatThreadIsClearedAfter() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            try (LogContext.Scope invocation = LogContext.begin(FakeLambdaContext.withRequestId("lambda-4"), new AtomicBoolean(false))) {
                pool.submit(LogContext.propagate(() -> {
                    LOG.info("on a pool thread");
                    return null;
                })).get();
            }
            JsonNode line = onlyLine();
            assertEquals("lambda-4", line.path("awsRequestId").asText());
            assertFalse(line.path("coldStart").asBoolean(true));
            assertTrue(pool.submit(() -> LogContext.current().isEmpty()).get(), "the pool thread keeps no context");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAwsErrorsRequestIdDoesNotTakeTheInvocationsPlace() {
        SqsException error = (SqsException) SqsException.builder().statusCode(503).requestId("sqs-req-9")
                .message("down").awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").build())
                .build();
        try (LogContext.Scope invocation = LogContext.begin(FakeLambdaContext.withRequestId("lambda-5"), new AtomicBoolean(false))) {
            LOG.error("queue unavailable", new IllegalStateException("wrapped", error), kv("route", "POST /v1/customers"));
        }
        JsonNode line = onlyLine();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("lambda-5", line.path("awsRequestId").asText());
        assertEquals("sqs-req-9", line.path("awsErrorRequestId").asText());
        assertEquals("ServiceUnavailable", line.path("awsErrorCode").asText());
        assertEquals(503, line.path("awsStatusCode").asInt());
        assertEquals(SqsException.class.getName(), line.path("causeType").asText());
        assertEquals("POST /v1/customers", line.path("route").asText());
    }

    @Test
    void aMetricLineKeepsItsEmfFieldsAndTheCallersFields() {
        new Metrics("stack-1").count("StiggCallsPaced", kv("requestId", "req_2"), kv("tenantId", "t"));
        JsonNode line = onlyLine();
        assertEquals(1, line.path("StiggCallsPaced").asInt());
        assertEquals("stack-1", line.path("Stack").asText());
        assertEquals("StiggCallsPaced", line.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").path(0)
                .path("Name").asText());
        assertEquals("req_2", line.path("requestId").asText());
        assertEquals("t", line.path("tenantId").asText());
    }
}
