package io.sfstigg.local;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.UserFault;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A function loaded and invoked the way the Lambda Java runtime does it: the handler string
 * resolved by the runtime's own {@code EventHandlerLoader}, events and responses serialised by
 * the runtime's serialiser, a deadline that the handler's context reports. Like Lambda, an
 * execution environment serves one invocation at a time (the runtime's handler wrapper is not
 * thread-safe): concurrent invocations get environments of their own, created on demand.
 */
public final class LambdaFunction {
    private final String name;
    private final String handler;
    private final int timeoutSeconds;
    private final Queue<LambdaRequestHandler> idle = new ConcurrentLinkedQueue<>();

    private static final URLClassLoader CUSTOMER_CLASS_LOADER = customerClassLoader();

    public LambdaFunction(String name, String handler, int timeoutSeconds) {
        this.name = name;
        this.handler = handler;
        this.timeoutSeconds = timeoutSeconds;
        idle.add(load());
    }

    /** A new execution environment: the handler string resolved and the handler class instantiated. */
    private LambdaRequestHandler load() {
        try {
            return EventHandlerLoader.loadEventHandler(HandlerInfo.fromString(handler, CUSTOMER_CLASS_LOADER));
        } catch (ReflectiveOperationException | HandlerInfo.InvalidHandlerException | NoClassDefFoundError e) {
            throw new IllegalStateException("cannot load handler " + handler + " of " + name, e);
        }
    }

    /**
     * The runtime loads handlers, and the event serialisers load event classes, through its
     * "customer class loader", set up by its main method over the function's code. Locally the
     * code is on this class path: the loader delegates to it.
     */
    private static URLClassLoader customerClassLoader() {
        URLClassLoader loader = new URLClassLoader(new URL[0], LambdaFunction.class.getClassLoader());
        try {
            Field field = AWSLambda.class.getDeclaredField("customerClassLoader");
            field.setAccessible(true);
            field.set(null, loader);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this version of the Lambda runtime client has no customer class loader", e);
        }
        return loader;
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
        LambdaRequestHandler environment = Optional.ofNullable(idle.poll()).orElseGet(this::load);
        try {
            return environment.call(request).toByteArray();
        } catch (UserFault fault) {
            throw new FunctionError(name, fault);
        } finally {
            idle.add(environment);
        }
    }

    /** The handler failed, as the Lambda runtime would report it (error type, message, trace). */
    public static final class FunctionError extends RuntimeException {
        FunctionError(String function, UserFault fault) {
            super(function + " failed: " + fault.exception + ": " + fault.msg + System.lineSeparator() + fault.trace);
        }
    }
}
