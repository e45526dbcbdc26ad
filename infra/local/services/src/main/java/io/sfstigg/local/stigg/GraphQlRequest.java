package io.sfstigg.local.stigg;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /graphql} body, {@code {operationName, query, variables}}, with what the emulator
 * needs before executing it: the name of the operation that runs ({@code operationLabel}: the one
 * sent, else the operation's own) and its first root field. When the document cannot run at all,
 * {@code field} is null and {@code refusalCode}/{@code refusal} say why.
 */
record GraphQlRequest(String operationName, String query, JsonNode variables, String operationLabel, String field,
        String refusalCode, String refusal) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static GraphQlRequest read(byte[] body) {
        JsonNode json;
        try {
            json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return refused(null, "", JSON.createObjectNode(), "GRAPHQL_PARSE_FAILED", "the body is not JSON");
        }
        String query = json.path("query").asText("");
        String operationName = json.path("operationName").isTextual() ? json.get("operationName").asText() : null;
        JsonNode variables = json.path("variables").isObject() ? json.get("variables") : JSON.createObjectNode();
        List<OperationDefinition> operations;
        try {
            operations = Parser.parse(query).getDefinitionsOfType(OperationDefinition.class);
        } catch (RuntimeException syntax) {
            return refused(operationName, query, variables, "GRAPHQL_PARSE_FAILED", syntax.getMessage());
        }
        List<OperationDefinition> candidates = operations.stream()
                .filter(o -> operationName == null || operationName.equals(o.getName())).toList();
        if (candidates.size() != 1) {
            return refused(operationName, query, variables, "GRAPHQL_VALIDATION_FAILED", candidates.isEmpty()
                    ? "no operation named " + operationName : "operationName is required: the document has several operations");
        }
        OperationDefinition operation = candidates.get(0);
        String label = operationName != null ? operationName : operation.getName();
        String field = operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                .map(Field::getName).findFirst().orElse("");
        return new GraphQlRequest(operationName, query, variables, label, field, null, null);
    }

    private static GraphQlRequest refused(String operationName, String query, JsonNode variables, String code, String why) {
        return new GraphQlRequest(operationName, query, variables, operationName, null, code, why);
    }

    /** The variables as graphql-java takes them. */
    Map<String, Object> plainVariables() {
        return JSON.convertValue(variables, new TypeReference<Map<String, Object>>() {});
    }
}
