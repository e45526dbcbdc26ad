package io.sfstigg.api;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.StepError;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.api.validation.OpportunityCompiler;
import io.sfstigg.api.validation.RequestParser;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run the handler's paths that change nothing (an
 * unauthenticated request answered 401, validation of sample bodies, a read of a tenant that
 * does not exist, Jackson's readers and writers of every request, result and message type), so
 * Jackson, the SDK clients and the handler classes are loaded and
 * initialised in the snapshot rather than on the first real request.
 */
final class Priming implements Resource {
    private static final Log LOG = Log.of(Priming.class);
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();
    private final HttpFrame frame;
    private final Services services;
    private final Runnable warmUp;

    private Priming(HttpFrame frame, Services services, Runnable warmUp) {
        this.frame = frame;
        this.services = services;
        this.warmUp = warmUp;
    }

    /** Primes the frame before the snapshot; {@code warmUp} builds the clients its route uses. */
    static void register(HttpFrame frame, Services services, Runnable warmUp) {
        Priming priming = new Priming(frame, services, warmUp);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime();
        } catch (RuntimeException e) {
            LOG.warn("priming skipped a step; the first request will do that work",
                    kv("error", e.getClass().getSimpleName()));
        }
    }

    private void prime() {
        APIGatewayV2HTTPEvent unauthenticated = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{}")
                .build();
        frame.handleRequest(unauthenticated, null);
        RequestParser parser = new RequestParser("USD", Clock.systemUTC());
        parser.customer(Json.read("{\"salesforceAccountId\":\"001Dn00000A1b2c\",\"email\":\"a@b.co\"}"));
        parser.subscription(Json.read("{\"stiggCustomerId\":\"c\",\"planId\":\"p\",\"startDate\":\"2026-01-01\","
                + "\"addons\":[{\"addonId\":\"a\",\"quantity\":1}],\"billingPeriod\":\"monthly\"}"));
        parser.creditGrant(Json.read("{\"stiggCustomerId\":\"c\",\"grantType\":\"PAID\",\"currencyId\":\"x\","
                + "\"displayName\":\"d\",\"amount\":1}"));
        new OpportunityCompiler("USD").compile("006Dn00000B2c3d", Json.read("{\"account\":{\"id\":\"001Dn00000A1b2c\"},"
                + "\"lineItems\":[{\"stiggType\":\"Plan\",\"stiggId\":\"plan-pro\",\"quantity\":1}]}"));
        for (Operation operation : Operation.values()) {
            Json.prepare(operation.requestType(), RequestResult.typeOf(operation));
        }
        Json.prepare(Steps.class, ProvisioningMessage.class, StepError.class);
        warmUp.run();
        services.tenants().find("priming-read-only");
        LOG.info("primed before the snapshot");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: clients reconnect on first use, credentials come from the container endpoint
        LOG.info("restored from the snapshot");
    }
}
