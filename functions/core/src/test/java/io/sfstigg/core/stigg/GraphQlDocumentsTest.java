package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every document we send validates against Stigg's schema (the project's copy, from the emulator's resources). */
class GraphQlDocumentsTest {
    private static final GraphQLSchema SCHEMA = schema();

    @ParameterizedTest
    @EnumSource(GraphQlDocuments.class)
    void documentValidatesAgainstStiggSchema(GraphQlDocuments document) {
        Document parsed = Parser.parse(document.text());
        List<ValidationError> errors = new Validator().validateDocument(SCHEMA, parsed, Locale.ENGLISH);
        assertEquals(List.of(), errors, document.operationName());
        assertNotNull(parsed.getOperationDefinition(document.operationName()).orElse(null),
                "operation name " + document.operationName() + " matches the document");
    }

    private static GraphQLSchema schema() {
        try (InputStream in = GraphQlDocumentsTest.class.getClassLoader().getResourceAsStream("stigg/stigg-schema.graphql")) {
            TypeDefinitionRegistry types = new SchemaParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new SchemaGenerator().makeExecutableSchema(
                    SchemaGenerator.Options.defaultOptions(), types, RuntimeWiring.MOCKED_WIRING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
