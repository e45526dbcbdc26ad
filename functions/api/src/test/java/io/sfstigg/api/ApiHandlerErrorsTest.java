package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sfstigg.api.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Issue 11, rows 3 and 5: an AWS error the input caused is a 4xx; only an outage is a 503; the log keeps the cause. */
class ApiHandlerErrorsTest {
    private static DynamoDbException dynamo(int status, String code, String message) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status).requestId("aws-req-1").message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void inputTheStoreRefusedIsA4xx() {
        assertEquals(400, ApiHandler.serviceProblem(dynamo(400, "ValidationException",
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes"
                        .replace("Size of hashkey", "Key length")), "GET /v1/requests/{requestId}").status());
        assertEquals(413, ApiHandler.serviceProblem(dynamo(400, "ValidationException",
                "Item size has exceeded the maximum allowed size"), "POST /v1/customers").status());
    }

    @Test
    void onlyAnOutageIsA503WithRetryAfter() {
        ApiException outage = ApiHandler.serviceProblem(dynamo(500, "InternalServerError", "internal"), "r");
        assertEquals(503, outage.status());
        assertEquals("2", outage.headers().get("Retry-After"));
        assertEquals(429, ApiHandler.serviceProblem(dynamo(400, "ThrottlingException", "slow down"), "r").status());
        ApiException denied = ApiHandler.serviceProblem(dynamo(400, "AccessDeniedException", "not allowed"), "r");
        assertEquals(500, denied.status());
        assertTrue(denied.headers().isEmpty(), "a permissions error is not retried");
    }

    @Test
    void theLogLineKeepsTheAwsCause() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ApiHandler.class.getName());
        logger.addHandler(capture);
        try {
            ApiHandler.serviceProblem(dynamo(503, "ServiceUnavailable", "try later"), "POST /v1/customers");
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("\"awsErrorCode\":\"ServiceUnavailable\""), line);
        assertTrue(line.contains("\"awsErrorRequestId\":\"aws-req-1\""), line);
        assertTrue(line.contains("DynamoDbException"), line);
        assertFalse(line.contains("Bearer"), line);
    }
}
