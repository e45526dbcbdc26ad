package io.sfstigg.local.stigg;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stigg's schema (the project's copy, {@code stigg/stigg-schema.graphql}) made executable: the
 * root fields the provisioner calls, backed by an {@link EmulatedEnvironment}. Documents and
 * variables are validated by graphql-java exactly as the schema says.
 */
final class StiggGraphQl {
    static final String SCHEMA_RESOURCE = "stigg/stigg-schema.graphql";
    private final GraphQL graphQl;

    StiggGraphQl() {
        TypeDefinitionRegistry types = new SchemaParser().parse(schemaText());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        for (String scalar : types.scalars().keySet()) {
            if (!List.of("String", "Int", "Float", "Boolean", "ID").contains(scalar)) {
                wiring.scalar(passThrough(scalar));
            }
        }
        types.getTypes(graphql.language.InterfaceTypeDefinition.class)
                .forEach(type -> wiring.type(type.getName(), t -> t.typeResolver(env -> null)));
        types.getTypes(graphql.language.UnionTypeDefinition.class)
                .forEach(type -> wiring.type(type.getName(), t -> t.typeResolver(env -> null)));
        wiring.type("Mutation", t -> t
                .dataFetcher("provisionCustomer", fetch(input -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("customer", env(input).provisionCustomer(input.input()));
                    result.put("subscriptionDecisionStrategy", "SKIPPED_SUBSCRIPTION_CREATION");
                    result.put("subscriptionStrategyDecision", "SKIPPED_SUBSCRIPTION_CREATION");
                    return result;
                }))
                .dataFetcher("updateOneCustomer", fetch(input -> env(input).updateCustomer(input.input())))
                .dataFetcher("provisionSubscriptionV2", fetch(input -> env(input).provisionSubscription(input.input())))
                .dataFetcher("provisionSubscription", fetch(input -> env(input).provisionSubscription(input.input())))
                .dataFetcher("createCreditGrant", fetch(input -> env(input).createCreditGrant(input.input()))));
        wiring.type("Query", t -> t
                .dataFetcher("getCustomerByRefId", fetch(input ->
                        env(input).findCustomer((String) input.input().get("customerId"))))
                .dataFetcher("creditGrants", fetch(StiggGraphQl::creditGrants)));
        Map<String, PreparsedDocumentEntry> parsed = new java.util.concurrent.ConcurrentHashMap<>();
        PreparsedDocumentProvider cache = (input, parseAndValidate) -> java.util.concurrent.CompletableFuture.completedFuture(
                parsed.computeIfAbsent(input.getQuery(), query -> parseAndValidate.apply(input)));
        graphQl = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(types, wiring.build()))
                .preparsedDocumentProvider(cache).build();
    }

    ExecutionResult execute(String query, String operationName, Map<String, Object> variables, EmulatedEnvironment env) {
        return graphQl.execute(ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(EmulatedEnvironment.class, env))
                .build());
    }

    private record Call(DataFetchingEnvironment environment) {
        Map<String, Object> input() {
            return environment.getArgument("input");
        }
    }

    private static EmulatedEnvironment env(Call call) {
        return call.environment().getGraphQlContext().get(EmulatedEnvironment.class);
    }

    private static Object creditGrants(Call call) {
        Map<String, Object> input = call.input();
        List<Map<String, Object>> grants = env(call).creditGrants((String) input.get("customerId"),
                (String) input.get("currencyId"), (String) input.get("resourceId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> paging = (Map<String, Object>) input.getOrDefault("paging", Map.of());
        int first = paging != null && paging.get("first") != null ? (Integer) paging.get("first") : 20;
        int offset = paging != null && paging.get("after") != null ? Integer.parseInt((String) paging.get("after")) + 1 : 0;
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = offset; i < Math.min(grants.size(), offset + first); i++) {
            edges.add(Map.of("cursor", String.valueOf(i), "node", grants.get(i)));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", offset + first < grants.size());
        pageInfo.put("hasPreviousPage", offset > 0);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        return Map.of("edges", edges, "pageInfo", pageInfo, "totalCount", grants.size());
    }

    /** Business errors come back as GraphQL errors with Stigg's {@code extensions.code}. */
    private static DataFetcher<Object> fetch(Function<Call, Object> action) {
        return environment -> {
            try {
                return action.apply(new Call(environment));
            } catch (StiggError e) {
                return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(environment)
                        .message(e.getMessage())
                        .extensions(Map.of("code", e.code(), "traceId", UUID.randomUUID().toString()))
                        .build()).build();
            }
        };
    }

    private static GraphQLScalarType passThrough(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            @SuppressWarnings("deprecation")
            public Object serialize(Object value) {
                return value;
            }

            @Override
            @SuppressWarnings("deprecation")
            public Object parseValue(Object value) {
                return value;
            }

            @Override
            @SuppressWarnings("deprecation")
            public Object parseLiteral(Object literal) {
                return literalValue((Value<?>) literal);
            }
        }).build();
    }

    private static Object literalValue(Value<?> value) {
        if (value instanceof StringValue s) {
            return s.getValue();
        }
        if (value instanceof IntValue i) {
            return i.getValue().intValue();
        }
        if (value instanceof FloatValue f) {
            return f.getValue().doubleValue();
        }
        if (value instanceof BooleanValue b) {
            return b.isValue();
        }
        if (value instanceof ArrayValue a) {
            return a.getValues().stream().map(StiggGraphQl::literalValue).toList();
        }
        if (value instanceof ObjectValue o) {
            Map<String, Object> map = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> map.put(f.getName(), literalValue(f.getValue())));
            return map;
        }
        if (value instanceof NullValue) {
            return null;
        }
        return String.valueOf(value);
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
