package io.sfstigg.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.admin.AdminAuthenticator;
import io.sfstigg.api.admin.AdminRoute;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.log.LogContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every route's frame: parses the request, authenticates it as the route's kind asks, sets the
 * invocation's log context, runs the route and turns every failure into a problem+json answer
 * through {@link Problems}. A handler builds its frame once, in its constructor, and delegates.
 */
public final class HttpFrame {
    private final Function<ApiRequest, APIGatewayV2HTTPResponse> route;

    private HttpFrame(Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        this.route = route;
    }

    /** A route a tenant calls with its bearer token; primed before the SnapStart snapshot. */
    public static HttpFrame tenant(Services services, TenantRoute route) {
        return tenant(services, route, () -> { });
    }

    /** As {@link #tenant(Services, TenantRoute)}; {@code warmUp} builds the clients the route uses (no call is made). */
    public static HttpFrame tenant(Services services, TenantRoute route, Runnable warmUp) {
        Authenticator authenticator = new Authenticator(services.tenants());
        return primed(new HttpFrame(request -> route.handle(request, authenticator.tenant(request))), services, warmUp);
    }

    /** A route only the operator calls, with the admin token. */
    public static HttpFrame admin(Services services, AdminRoute route) {
        AdminAuthenticator admin = new AdminAuthenticator(services);
        return primed(new HttpFrame(request -> {
            admin.authenticate(request);
            return route.handle(request);
        }), services, () -> { });
    }

    /** A route the frame does not authenticate (it checks its own credentials, if any); primed. */
    public static HttpFrame open(Services services, PublicRoute route, Runnable warmUp) {
        return primed(new HttpFrame(route::handle), services, warmUp);
    }

    /** A route that uses no service: nothing to build, nothing to prime. */
    public static HttpFrame open(PublicRoute route) {
        return new HttpFrame(route::handle);
    }

    private static HttpFrame primed(HttpFrame frame, Services services, Runnable warmUp) {
        Priming.register(frame, services, warmUp);
        return frame;
    }

    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context)) {
            return withSecurityHeaders(respond(event));
        }
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        ApiRequest request = new ApiRequest(event);
        try {
            return route.apply(request);
        } catch (RuntimeException e) {
            String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
            Problems.Problem problem = Problems.of(e, event.getRouteKey(), requestId);
            return Responses.problem(problem.exception(), problem.requestId(), request.header("accept").orElse(null));
        }
    }

    /** Headers every answer carries, whatever produced it. */
    static APIGatewayV2HTTPResponse withSecurityHeaders(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put("X-Content-Type-Options", "nosniff");
        response.setHeaders(headers);
        return response;
    }
}
