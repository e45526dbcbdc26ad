package io.sfstigg.api;

import static io.sfstigg.core.log.Log.kv;

import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.intake.IdempotencyException;
import io.sfstigg.api.intake.RateLimitedException;
import io.sfstigg.core.log.Log;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.api.intake.OpportunityConflictException;
import io.sfstigg.api.intake.UnknownOpportunityException;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.QueueUnavailableException;
import io.sfstigg.api.validation.OpportunityCompiler;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** The one table from what a route threw to the problem the caller is answered with. */
final class Problems {
    private static final Log LOG = Log.of(Problems.class);

    /** The answer to give, and the request id it names (the gateway's, or the earlier request's). */
    record Problem(ApiException exception, String requestId) {}

    /** A row: an exception type, its problem given the route, and the request id the answer names. */
    private record Row<E extends RuntimeException>(Class<E> type, BiFunction<E, String, ApiException> problem,
            Function<E, String> requestId) {
        Problem answer(RuntimeException thrown, String route, String gatewayRequestId) {
            E e = type.cast(thrown);
            String named = requestId == null ? gatewayRequestId : requestId.apply(e);
            return new Problem(problem.apply(e, route), named);
        }
    }

    /** First match wins: a type comes before its supertypes. */
    private static final List<Row<?>> TABLE = List.of(
            row(ApiException.class, (e, route) -> e),
            row(ValidationException.class, (e, route) -> ApiException.invalid(e.errors())),
            row(OpportunityCompiler.MappingException.class, (e, route) -> ApiException.unprocessable(
                    "line-items-not-mappable", "The opportunity's line items cannot be provisioned", e.getMessage(),
                    e.errors())),
            new Row<>(IdempotencyException.class, (e, route) -> idempotencyProblem(e), IdempotencyException::requestId),
            row(OpportunityConflictException.class, (e, route) -> new ApiException(409, e.type(),
                    "Conflict with the opportunity's state", e.getMessage())),
            row(UnknownOpportunityException.class, (e, route) -> ApiException.notFound(e.getMessage())),
            row(RateLimitedException.class, (e, route) -> new ApiException(429, "org-rate-limited", "Too many requests",
                    e.getMessage(), List.of(), Map.of("Retry-After", "1"))),
            row(QueueRejectedException.class, Problems::queueRejected),
            row(QueueUnavailableException.class, (e, route) -> {
                LOG.error("queue unavailable", e, kv("route", route));
                return new ApiException(503, "queue-unavailable", "Service unavailable",
                        "the request could not be queued; nothing was provisioned; retry", List.of(),
                        Map.of("Retry-After", "2"));
            }),
            row(SdkServiceException.class, Problems::serviceProblem),
            row(SdkException.class, (e, route) -> {
                LOG.error("AWS client error", e, kv("route", route));
                return unavailable();
            }),
            row(RuntimeException.class, (e, route) -> {
                LOG.error("unexpected error", e, kv("route", route));
                return new ApiException(500, "internal-error", "Internal error",
                        "the request failed unexpectedly; it is logged");
            }));

    private Problems() {}

    private static <E extends RuntimeException> Row<E> row(Class<E> type, BiFunction<E, String, ApiException> problem) {
        return new Row<>(type, problem, null);
    }

    /** The problem for what the route {@code route} threw, by the first row of the table its type matches. */
    static Problem of(RuntimeException thrown, String route, String gatewayRequestId) {
        for (Row<?> row : TABLE) {
            if (row.type().isInstance(thrown)) {
                return row.answer(thrown, route, gatewayRequestId);
            }
        }
        throw new IllegalStateException("the table's last row takes every RuntimeException", thrown);
    }

    private static ApiException queueRejected(QueueRejectedException e, String route) {
        LOG.warn("the queue refused a request's contents", kv("route", route), kv("awsErrorCode", e.awsErrorCode()));
        return e.tooLarge()
                ? new ApiException(413, "payload-too-large", "Request too large",
                        "the request is larger than the queue takes; nothing was provisioned")
                : ApiException.invalid(List.of(new FieldError("$", "holds text the queue refused ("
                        + e.awsErrorCode() + "); nothing was provisioned")));
    }

    /**
     * An AWS service's answer, by its cause: throttling is 429, an outage (5xx) 503 with
     * Retry-After, input the service refused (DynamoDB's ValidationException: a key or item over
     * its size limits) 400 or 413, anything else (permissions, a missing table) 500.
     */
    static ApiException serviceProblem(SdkServiceException e, String route) {
        String code = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : null;
        if (e.isThrottlingException()) {
            LOG.warn("AWS throttled the request", kv("route", route), kv("awsErrorCode", code));
            return new ApiException(429, "throttled", "Too many requests", "retry shortly", List.of(),
                    Map.of("Retry-After", "1"));
        }
        if ("ValidationException".equals(code)) {
            LOG.warn("AWS refused the request's input", kv("route", route), kv("awsErrorCode", code),
                    kv("awsErrorRequestId", e.requestId()), kv("statusCode", e.statusCode()));
            return String.valueOf(e.getMessage()).contains("Item size")
                    ? new ApiException(413, "payload-too-large", "Request too large",
                            "the request is larger than the store takes; nothing was accepted")
                    : ApiException.invalid(List.of(new FieldError("$", "holds a value the store refused (" + code
                            + "); nothing was accepted")));
        }
        LOG.error("AWS service error", e, kv("route", route), kv("statusCode", e.statusCode()));
        return e.statusCode() >= 500 || e.statusCode() == 0 ? unavailable()
                : new ApiException(500, "internal-error", "Internal error", "the request failed unexpectedly; it is logged");
    }

    private static ApiException unavailable() {
        return new ApiException(503, "storage-unavailable", "Service unavailable",
                "a backing service did not answer; retry", List.of(), Map.of("Retry-After", "2"));
    }

    private static ApiException idempotencyProblem(IdempotencyException e) {
        return e.reason() == IdempotencyException.Reason.IN_FLIGHT
                ? new ApiException(409, "idempotency-in-flight", "Request in progress", e.getMessage(), List.of(),
                        Map.of("Retry-After", "1"))
                : ApiException.unprocessable("idempotency-key-reused", "Idempotency-Key reused", e.getMessage(), List.of());
    }
}
