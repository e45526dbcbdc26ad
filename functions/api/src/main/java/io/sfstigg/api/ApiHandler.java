package io.sfstigg.api;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.api.intake.IdempotencyException;
import io.sfstigg.api.intake.RateLimitedException;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.log.LogContext;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.api.intake.OpportunityConflictException;
import io.sfstigg.api.intake.UnknownOpportunityException;
import io.sfstigg.core.queue.QueueRejectedException;
import io.sfstigg.core.queue.QueueUnavailableException;
import io.sfstigg.api.validation.OpportunityCompiler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Every route's frame: run the route, turn every failure into a problem+json answer. */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.of(ApiHandler.class);
    protected final Services services;

    protected ApiHandler(Services services) {
        this.services = services;
        Priming.register(this);
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    /** Builds, before the SnapStart snapshot, the clients this route will use (no call is made). */
    protected void warmUp() {
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context)) {
            return withSecurityHeaders(respond(event));
        }
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        ApiRequest request = new ApiRequest(event);
        String accept = request.header("accept").orElse(null);
        String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        try {
            return handle(request);
        } catch (ApiException e) {
            return Responses.problem(e, requestId, accept);
        } catch (ValidationException e) {
            return Responses.problem(ApiException.invalid(e.errors()), requestId, accept);
        } catch (OpportunityCompiler.MappingException e) {
            return Responses.problem(ApiException.unprocessable("line-items-not-mappable",
                    "The opportunity's line items cannot be provisioned", e.getMessage(), e.errors()), requestId, accept);
        } catch (IdempotencyException e) {
            return Responses.problem(idempotencyProblem(e), e.requestId(), accept);
        } catch (OpportunityConflictException e) {
            return Responses.problem(new ApiException(409, e.type(), "Conflict with the opportunity's state",
                    e.getMessage()), requestId, accept);
        } catch (UnknownOpportunityException e) {
            return Responses.problem(ApiException.notFound(e.getMessage()), requestId, accept);
        } catch (RateLimitedException e) {
            return Responses.problem(new ApiException(429, "org-rate-limited", "Too many requests", e.getMessage(),
                    List.of(), Map.of("Retry-After", "1")), requestId, accept);
        } catch (QueueRejectedException e) {
            LOG.warn("the queue refused a request's contents", kv("route", event.getRouteKey()),
                    kv("awsErrorCode", e.awsErrorCode()));
            return Responses.problem(e.tooLarge()
                    ? new ApiException(413, "payload-too-large", "Request too large",
                            "the request is larger than the queue takes; nothing was provisioned")
                    : ApiException.invalid(List.of(new FieldError("$", "holds text the queue refused ("
                            + e.awsErrorCode() + "); nothing was provisioned"))), requestId, accept);
        } catch (QueueUnavailableException e) {
            LOG.error("queue unavailable", e, kv("route", event.getRouteKey()));
            return Responses.problem(new ApiException(503, "queue-unavailable", "Service unavailable",
                    "the request could not be queued; nothing was provisioned; retry", List.of(),
                    Map.of("Retry-After", "2")), requestId, accept);
        } catch (SdkServiceException e) {
            return Responses.problem(serviceProblem(e, event.getRouteKey()), requestId, accept);
        } catch (SdkException e) {
            LOG.error("AWS client error", e, kv("route", event.getRouteKey()));
            return Responses.problem(unavailable(), requestId, accept);
        } catch (RuntimeException e) {
            LOG.error("unexpected error", e, kv("route", event.getRouteKey()));
            return Responses.problem(new ApiException(500, "internal-error", "Internal error",
                    "the request failed unexpectedly; it is logged"), requestId, accept);
        }
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

    /** Headers every answer carries, whatever produced it. */
    static APIGatewayV2HTTPResponse withSecurityHeaders(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put("X-Content-Type-Options", "nosniff");
        response.setHeaders(headers);
        return response;
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
