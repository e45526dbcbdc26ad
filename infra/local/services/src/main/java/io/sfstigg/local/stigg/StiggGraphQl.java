package io.sfstigg.local.stigg;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stigg's schema (the project's copy, {@code stigg/stigg-schema.graphql}) made executable: the
 * root fields the provisioner calls, backed by an {@link EmulatedEnvironment}. graphql-java
 * validates documents and coerces variables exactly as the schema says; a root field runs only
 * after its {@link Gate} admits it. Non-null fields the emulator has no value for get a plausible
 * one (false, 0, the first enum value, ...), so any selection the schema allows can be answered.
 */
final class StiggGraphQl {
    static final String SCHEMA_RESOURCE = "stigg/stigg-schema.graphql";
    private static final Logger LOG = Logger.getLogger(StiggGraphQl.class.getName());
    private static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");
    private static final int CACHED_DOCUMENTS = 1_000;
    private static final int DEFAULT_PAGE_SIZE = 10;

    /** Decides whether a root field may run; throws a {@link StiggError} when it may not. */
    interface Gate {
        void admit(String field, Map<String, Object> input);
    }

    private final GraphQL graphQl;
    private final Map<String, PreparsedDocumentEntry> documents = new ConcurrentHashMap<>();

    StiggGraphQl() {
        TypeDefinitionRegistry types = new SchemaParser().parse(schemaText());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
                .codeRegistry(GraphQLCodeRegistry.newCodeRegistry().defaultDataFetcher(env -> StiggGraphQl::plainField));
        types.scalars().keySet().stream().filter(s -> !BUILT_IN_SCALARS.contains(s))
                .forEach(s -> wiring.scalar(GraphQlScalars.of(s)));
        types.getTypes(InterfaceTypeDefinition.class).forEach(t -> wiring.type(t.getName(), b -> b.typeResolver(BY_TYPENAME)));
        types.getTypes(UnionTypeDefinition.class).forEach(t -> wiring.type(t.getName(), b -> b.typeResolver(BY_TYPENAME)));
        wiring.type("Mutation", t -> t
                .dataFetcher("provisionCustomer", root(StiggGraphQl::provisionCustomer))
                .dataFetcher("updateOneCustomer", root(EmulatedEnvironment::updateCustomer))
                .dataFetcher("provisionSubscriptionV2", root(EmulatedEnvironment::provisionSubscription))
                .dataFetcher("provisionSubscription", root(EmulatedEnvironment::provisionSubscription))
                .dataFetcher("createCreditGrant", root(EmulatedEnvironment::createCreditGrant))
                .dataFetcher("updateOneSubscription", root(EmulatedEnvironment::updateSubscription))
                .dataFetcher("cancelSubscription", root(EmulatedEnvironment::cancelSubscription)));
        wiring.type("Query", t -> t
                .dataFetcher("getCustomerByRefId", root((env, input) -> env.findCustomer((String) input.get("customerId"))))
                .dataFetcher("creditGrants", root(StiggGraphQl::creditGrants)));
        wiring.type("Customer", t -> t.dataFetcher("subscriptions",
                e -> environment(e).subscriptionsOf((String) e.<Map<String, Object>>getSource().get("customerId"))));
        wiring.type("CustomerSubscription", t -> t.dataFetcher("customer",
                e -> environment(e).findCustomer((String) e.<Map<String, Object>>getSource().get(EmulatedEnvironment.CUSTOMER_REF))));
        PreparsedDocumentProvider cache = (input, parseAndValidate) -> CompletableFuture.completedFuture(cached(input, parseAndValidate));
        graphQl = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(types, wiring.build()))
                .preparsedDocumentProvider(cache).build();
    }

    ExecutionResult execute(String query, String operationName, Map<String, Object> variables, EmulatedEnvironment env,
            Gate gate) {
        return graphQl.execute(ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(EmulatedEnvironment.class, env, Gate.class, gate))
                .build());
    }

    private PreparsedDocumentEntry cached(ExecutionInput input,
            java.util.function.Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry entry = documents.get(input.getQuery());
        if (entry == null) {
            entry = parseAndValidate.apply(input);
            if (documents.size() >= CACHED_DOCUMENTS) {
                documents.clear();
            }
            documents.put(input.getQuery(), entry);
        }
        return entry;
    }

    // ---- root fields ----

    private static Object provisionCustomer(EmulatedEnvironment env, Map<String, Object> input) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("customer", env.provisionCustomer(input));
        result.put("subscriptionDecisionStrategy", "SKIPPED_SUBSCRIPTION_CREATION");
        result.put("subscriptionStrategyDecision", "SKIPPED_SUBSCRIPTION_CREATION");
        return result;
    }

    /** The customer's grants as a connection; {@code paging.first} (default 10) and {@code paging.after}. */
    private static Object creditGrants(EmulatedEnvironment env, Map<String, Object> input) {
        List<Map<String, Object>> grants = env.creditGrants((String) input.get("customerId"),
                (String) input.get("currencyId"), (String) input.get("resourceId"));
        Map<?, ?> paging = input.get("paging") instanceof Map<?, ?> p ? p : Map.of();
        int first = paging.get("first") instanceof Integer n ? n : DEFAULT_PAGE_SIZE;
        if (first < 0) {
            throw new StiggError("BadUserInput", "paging.first must not be negative");
        }
        int start = paging.get("after") == null ? 0 : positionAfter(grants, String.valueOf(paging.get("after")));
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Map<String, Object> grant : grants.subList(start, Math.min(grants.size(), start + first))) {
            edges.add(Map.of("cursor", cursor(grant), "node", grant));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", start + edges.size() < grants.size());
        pageInfo.put("hasPreviousPage", start > 0);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        return Map.of("edges", edges, "pageInfo", pageInfo, "totalCount", grants.size());
    }

    private static String cursor(Map<String, Object> grant) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("grant:" + grant.get("grantId")).getBytes(StandardCharsets.UTF_8));
    }

    private static int positionAfter(List<Map<String, Object>> grants, String after) {
        for (int i = 0; i < grants.size(); i++) {
            if (cursor(grants.get(i)).equals(after)) {
                return i + 1;
            }
        }
        throw new StiggError("BadUserInput", "unknown paging cursor");
    }

    /**
     * A root field: admitted by the request's gate, then run; Stigg's business errors come back
     * as GraphQL errors with {@code extensions.code} and {@code extensions.traceId}.
     */
    private static DataFetcher<Object> root(BiFunction<EmulatedEnvironment, Map<String, Object>, Object> action) {
        return e -> {
            Map<String, Object> input = e.getArgument("input");
            try {
                e.getGraphQlContext().<Gate>get(Gate.class).admit(e.getField().getName(), input);
                return action.apply(environment(e), input);
            } catch (StiggError error) {
                return failure(e, error.code(), error.getMessage());
            } catch (RuntimeException unexpected) {
                LOG.log(Level.WARNING, "emulator failed on " + e.getField().getName(), unexpected);
                return failure(e, "UnexpectedError", "Unexpected error: " + unexpected);
            }
        };
    }

    private static DataFetcherResult<Object> failure(DataFetchingEnvironment e, String code, String message) {
        return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(e)
                .message(message)
                .extensions(Map.of("code", code, "traceId", UUID.randomUUID().toString()))
                .build()).build();
    }

    private static EmulatedEnvironment environment(DataFetchingEnvironment e) {
        return e.getGraphQlContext().get(EmulatedEnvironment.class);
    }

    // ---- every other field ----

    private static final TypeResolver BY_TYPENAME = e -> e.getObject() instanceof Map<?, ?> map
            && map.get("__typename") instanceof String name ? e.getSchema().getObjectType(name) : null;

    /** The source map's value; for a non-null field without one, a plausible value of its type. */
    private static Object plainField(DataFetchingEnvironment e) {
        Object value = e.getSource() instanceof Map<?, ?> map ? map.get(e.getField().getName()) : null;
        if (value != null || !(e.getFieldType() instanceof GraphQLNonNull nonNull)) {
            return value;
        }
        return plausible(nonNull.getWrappedType(), e);
    }

    private static Object plausible(GraphQLType type, DataFetchingEnvironment e) {
        if (type instanceof GraphQLList) {
            return List.of();
        }
        if (type instanceof GraphQLEnumType enumType) {
            return enumType.getValues().get(0).getName();
        }
        if (type instanceof GraphQLObjectType) {
            return Map.of();
        }
        if (!(type instanceof GraphQLScalarType scalar)) {
            return null;
        }
        return switch (scalar.getName()) {
            case "Boolean" -> false;
            case "Int" -> 0;
            case "Float" -> 0.0;
            case "JSON" -> Map.of();
            case "DateTime" -> e.getSource() instanceof Map<?, ?> m && m.get("createdAt") != null
                    ? m.get("createdAt") : Instant.EPOCH.toString();
            case "UUID", "ID" -> UUID.nameUUIDFromBytes(e.getExecutionStepInfo().getPath().toString()
                    .getBytes(StandardCharsets.UTF_8)).toString();
            default -> "";
        };
    }

    static String schemaText() {
        try (InputStream in = StiggGraphQl.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
