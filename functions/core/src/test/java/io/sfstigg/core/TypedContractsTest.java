package io.sfstigg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.AttemptLedger;
import io.sfstigg.core.ledger.IntakeLedger;
import io.sfstigg.core.ledger.Ledger;
import io.sfstigg.core.ledger.LedgerReader;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.RequestResult;
import io.sfstigg.core.ledger.Steps;
import io.sfstigg.core.model.Operation;
import io.sfstigg.core.model.ProvisioningRequest;
import io.sfstigg.core.opportunity.OpportunityState;
import io.sfstigg.core.opportunity.OpportunityStore;
import io.sfstigg.core.queue.ProvisioningMessage;
import io.sfstigg.core.queue.RequestQueue;
import io.sfstigg.core.stigg.Stigg;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What passes between the API, the ledger, the queue, the worker and the Stigg port is typed: no
 * {@code Object} and no JSON tree in the ports' methods, nor anywhere inside the records they carry.
 */
class TypedContractsTest {
    private static final List<Class<?>> PORTS = List.of(Stigg.class, Ledger.class, IntakeLedger.class,
            AttemptLedger.class, LedgerReader.class, OpportunityStore.class, RequestQueue.class);

    @Test
    void portsAndTheRecordsTheyCarryHoldNoObjectAndNoJsonTree() {
        List<String> untyped = new ArrayList<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>(List.of(RequestRecord.class, ProvisioningMessage.class,
                OpportunityState.class));
        for (Class<?> port : PORTS) {
            for (Method method : port.getMethods()) {
                if (method.getDeclaringClass() == Object.class) {
                    continue;
                }
                String where = port.getSimpleName() + "." + method.getName();
                check(method.getGenericReturnType(), where + " returns", untyped, toVisit);
                for (Type parameter : method.getGenericParameterTypes()) {
                    check(parameter, where + " takes", untyped, toVisit);
                }
            }
        }
        toVisit.addAll(List.of(ProvisioningRequest.class.getPermittedSubclasses()));
        toVisit.addAll(List.of(RequestResult.class.getPermittedSubclasses()));
        Set<Class<?>> seen = new HashSet<>();
        int records = 0;
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.poll();
            if (!seen.add(type) || !type.isRecord()) {
                continue;
            }
            records++;
            for (RecordComponent component : type.getRecordComponents()) {
                check(component.getGenericType(), type.getSimpleName() + "." + component.getName(), untyped, toVisit);
            }
        }
        assertEquals(List.of(), untyped);
        assertTrue(records >= 20, "the walk reached the records inside the contracts: " + records);
    }

    @Test
    void everyOperationCarriesARecordTheWalkCovers() {
        for (Operation operation : Operation.values()) {
            assertTrue(operation.requestType().isRecord(), operation + " carries " + operation.requestType());
        }
    }

    @Test
    void jacksonReadsAndWritesEveryRequestAndResultType() {
        for (Operation operation : Operation.values()) {
            for (Class<?> type : List.of(operation.requestType(), RequestResult.typeOf(operation))) {
                assertTrue(Json.MAPPER.canDeserialize(Json.MAPPER.constructType(type)), type.getSimpleName());
                assertTrue(Json.MAPPER.canSerialize(type), type.getSimpleName());
            }
        }
        Json.prepare(ProvisioningMessage.class, Steps.class);
    }

    /** Records an untyped use of {@code type}; queues the project's own types it names, to be walked too. */
    private static void check(Type type, String where, List<String> untyped, Deque<Class<?>> toVisit) {
        if (type instanceof ParameterizedType parameterized) {
            check(parameterized.getRawType(), where, untyped, toVisit);
            for (Type argument : parameterized.getActualTypeArguments()) {
                check(argument, where, untyped, toVisit);
            }
        } else if (type instanceof GenericArrayType array) {
            check(array.getGenericComponentType(), where, untyped, toVisit);
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                check(bound, where, untyped, toVisit);
            }
        } else if (type instanceof Class<?> plain) {
            if (plain == Object.class || JsonNode.class.isAssignableFrom(plain)) {
                untyped.add(where + ": " + plain.getSimpleName());
            } else if (plain.getName().startsWith("io.sfstigg.") && !Modifier.isInterface(plain.getModifiers())) {
                toVisit.add(plain);
            } else if (plain.isSealed()) {
                toVisit.addAll(List.of(plain.getPermittedSubclasses()));
            }
        }
    }
}
