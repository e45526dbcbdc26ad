package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.intake.IdempotencyException;
import io.sfstigg.api.intake.RateLimitedException;
import io.sfstigg.core.json.Json;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.api.intake.OpportunityConflictException;
import io.sfstigg.api.intake.UnknownOpportunityException;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.QueueUnavailableException;
import io.sfstigg.core.testing.LogCapture;
import io.sfstigg.api.validation.OpportunityCompiler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The frame's table from exception type to problem. Issue 11, rows 3 and 5: an AWS error the
 * input caused is a 4xx; only an outage is a 503; the log keeps the cause.
 */
class ProblemsTest {
    private static DynamoDbException dynamo(int status, String code, String message) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status).requestId("aws-req-1").message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static Problems.Problem answer(RuntimeException thrown) {
        return Problems.of(thrown, "POST /v1/x", "gateway-1");
    }

    private static void assertProblem(int status, String code, Map<String, String> headers, Problems.Problem problem) {
        assertEquals(status, problem.exception().status(), problem.exception().getMessage());
        assertEquals(code, problem.exception().type());
        assertEquals(headers, problem.exception().headers());
    }

    @Test
    void eachExceptionTypeIsAnsweredWithItsProblem() {
        assertProblem(403, "admin-only", Map.of(), answer(ApiException.forbidden("admin-only", "no")));
        Problems.Problem invalid = answer(new ValidationException(List.of(new FieldError("amount", "must be positive"),
                new FieldError("currencyId", "is required"))));
        assertProblem(400, "invalid-request", Map.of(), invalid);
        assertEquals(List.of("amount", "currencyId"), invalid.exception().errors().stream().map(FieldError::field).toList());
        OpportunityCompiler.MappingException unmappable = assertThrows(OpportunityCompiler.MappingException.class,
                () -> new OpportunityCompiler("USD").compile("006Dn00000B2c3d", Json.read("{\"account\":{\"id\":"
                        + "\"001Dn00000A1b2c\"},\"lineItems\":[{\"stiggType\":\"Addon\",\"stiggId\":\"a\",\"quantity\":1}]}")));
        Problems.Problem mapping = answer(unmappable);
        assertProblem(422, "line-items-not-mappable", Map.of(), mapping);
        assertEquals(unmappable.errors(), mapping.exception().errors());
        assertProblem(409, "opportunity-cancelled", Map.of(),
                answer(new OpportunityConflictException("opportunity-cancelled", "cancelled")));
        assertProblem(404, "not-found", Map.of(), answer(new UnknownOpportunityException("no such subscription")));
        assertProblem(429, "org-rate-limited", Map.of("Retry-After", "1"), answer(new RateLimitedException(5)));
        assertProblem(413, "payload-too-large", Map.of(), answer(new QueueRejectedException("InvalidParameterValue", true, null)));
        Problems.Problem refused = answer(new QueueRejectedException("InvalidMessageContents", false, null));
        assertProblem(400, "invalid-request", Map.of(), refused);
        assertTrue(refused.exception().errors().get(0).message().contains("InvalidMessageContents"));
        assertProblem(503, "queue-unavailable", Map.of("Retry-After", "2"),
                answer(new QueueUnavailableException("down", new IllegalStateException())));
        assertProblem(503, "storage-unavailable", Map.of("Retry-After", "2"),
                answer(dynamo(500, "InternalServerError", "internal")));
        assertProblem(503, "storage-unavailable", Map.of("Retry-After", "2"),
                answer(SdkClientException.create("connection refused")));
        assertProblem(500, "internal-error", Map.of(), answer(new IllegalStateException("boom")));
    }

    @Test
    void anAnswerNamesTheGatewayRequestIdButARepeatNamesTheEarlierRequest() {
        assertEquals("gateway-1", answer(new UnknownOpportunityException("x")).requestId());
        Problems.Problem inFlight = answer(new IdempotencyException(IdempotencyException.Reason.IN_FLIGHT, "req_1", "busy"));
        assertProblem(409, "idempotency-in-flight", Map.of("Retry-After", "1"), inFlight);
        assertEquals("req_1", inFlight.requestId());
        Problems.Problem reused = answer(new IdempotencyException(IdempotencyException.Reason.KEY_REUSED, "req_2", "other"));
        assertProblem(422, "idempotency-key-reused", Map.of(), reused);
        assertEquals("req_2", reused.requestId());
    }

    @Test
    void inputTheStoreRefusedIsA4xx() {
        assertEquals(400, Problems.serviceProblem(dynamo(400, "ValidationException",
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes"
                        .replace("Size of hashkey", "Key length")), "GET /v1/requests/{requestId}").status());
        assertEquals(413, Problems.serviceProblem(dynamo(400, "ValidationException",
                "Item size has exceeded the maximum allowed size"), "POST /v1/customers").status());
    }

    @Test
    void onlyAnOutageIsA503WithRetryAfter() {
        ApiException outage = Problems.serviceProblem(dynamo(500, "InternalServerError", "internal"), "r");
        assertEquals(503, outage.status());
        assertEquals("2", outage.headers().get("Retry-After"));
        assertEquals(429, Problems.serviceProblem(dynamo(400, "ThrottlingException", "slow down"), "r").status());
        ApiException denied = Problems.serviceProblem(dynamo(400, "AccessDeniedException", "not allowed"), "r");
        assertEquals(500, denied.status());
        assertTrue(denied.headers().isEmpty(), "a permissions error is not retried");
    }

    @Test
    void theLogLineKeepsTheAwsCause() throws Exception {
        List<String> lines = LogCapture.linesOf(() -> Problems.serviceProblem(dynamo(503, "ServiceUnavailable",
                "try later"), "POST /v1/customers"), Problems.class);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("\"awsErrorCode\":\"ServiceUnavailable\""), line);
        assertTrue(line.contains("\"awsErrorRequestId\":\"aws-req-1\""), line);
        assertTrue(line.contains("DynamoDbException"), line);
        assertFalse(line.contains("Bearer"), line);
    }
}
