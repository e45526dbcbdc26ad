package io.sfstigg.core.testing;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;

/** A Lambda invocation's context as a handler sees it: its request id, time and memory left. */
public final class FakeLambdaContext {
    private FakeLambdaContext() {}

    public static Context withRequestId(String awsRequestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> awsRequestId;
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 30_000;
                    default -> null;
                });
    }
}
