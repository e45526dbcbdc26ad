package io.sfstigg.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's steps pass typed requests, Stigg results and outcomes to each other: no JSON tree, no {@code Object}. */
class TypedWorkerTest {
    private static final List<Class<?>> STEPS = List.of(MessageProcessor.class, Provisioner.class,
            SubscriptionChanges.class, StiggInputs.class, Pacer.class, BatchProcessor.class);

    @Test
    void theWorkersStepsTakeAndReturnTypes() {
        List<String> untyped = new ArrayList<>();
        for (Class<?> step : STEPS) {
            for (Method method : step.getDeclaredMethods()) {
                if (Modifier.isPrivate(method.getModifiers()) || method.isSynthetic()) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
                types.add(method.getGenericReturnType());
                for (Type type : types) {
                    if (untyped(type)) {
                        untyped.add(step.getSimpleName() + "." + method.getName() + ": " + type.getTypeName());
                    }
                }
            }
        }
        assertEquals(List.of(), untyped);
    }

    private static boolean untyped(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                if (untyped(argument)) {
                    return true;
                }
            }
            return untyped(parameterized.getRawType());
        }
        return type instanceof Class<?> plain && (plain == Object.class || JsonNode.class.isAssignableFrom(plain));
    }
}
