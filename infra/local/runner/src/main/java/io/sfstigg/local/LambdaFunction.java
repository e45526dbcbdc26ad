package io.sfstigg.local;

import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import java.util.UUID;

/**
 * A function loaded and invoked the way the Lambda Java runtime does it: the handler string
 * resolved by the runtime's own {@code EventHandlerLoader}, events and responses serialised by
 * the runtime's serialiser, a deadline that the handler's context reports.
 */
public final class LambdaFunction {
    private final String name;
    private final int timeoutSeconds;
    private final LambdaRequestHandler handler;

    public LambdaFunction(String name, String handler, int timeoutSeconds) {
        this.name = name;
        this.timeoutSeconds = timeoutSeconds;
        try {
            HandlerInfo info = HandlerInfo.fromString(handler, LambdaFunction.class.getClassLoader());
            this.handler = EventHandlerLoader.loadEventHandler(info);
        } catch (ReflectiveOperationException | HandlerInfo.InvalidHandlerException | NoClassDefFoundError e) {
            throw new IllegalStateException("cannot load handler " + handler + " of " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** Invokes the handler with an event as JSON bytes and returns its response as JSON bytes. */
    public byte[] invoke(byte[] event) throws Exception {
        InvocationRequest request = new InvocationRequest();
        request.setId(UUID.randomUUID().toString());
        request.setInvokedFunctionArn("arn:aws:lambda:us-east-1:000000000000:function:" + name);
        request.setDeadlineTimeInMs(System.currentTimeMillis() + timeoutSeconds * 1000L);
        request.setContent(event);
        return handler.call(request).toByteArray();
    }
}
