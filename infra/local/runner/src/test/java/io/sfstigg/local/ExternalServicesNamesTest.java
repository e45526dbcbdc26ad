package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every name in {@code openapi.yaml} reaches Flow as written: Salesforce External Services renames a
 * property or parameter that is an Apex reserved word ({@code currency} becomes {@code z0currency},
 * {@code type} becomes {@code z0type}) and encodes characters that Apex identifiers cannot hold
 * ({@code -} becomes {@code x2d}, {@code _} becomes {@code x5f}). Header names keep their {@code -};
 * the Salesforce guide names them as Flow shows them.
 */
class ExternalServicesNamesTest {
    /**
     * Salesforce's Apex Developer Guide, "Reserved Keywords" (words that can be used only as
     * keywords), with the words earlier editions of that page reserved, and {@code type}, which
     * External Services' "Apex Reserved Keywords" help page shows it renaming.
     */
    static final Set<String> APEX_RESERVED = Set.of(
            "abstract", "activate", "and", "any", "array", "as", "asc", "autonomous", "begin", "bigdecimal", "blob",
            "boolean", "break", "bulk", "by", "byte", "case", "cast", "catch", "char", "class", "collect", "commit",
            "const", "continue", "currency", "date", "datetime", "decimal", "default", "delete", "desc", "do", "double",
            "else", "end", "enum", "exception", "exit", "export", "extends", "false", "final", "finally", "float", "for",
            "from", "global", "goto", "group", "having", "hint", "if", "implements", "import", "in", "inner", "insert",
            "instanceof", "int", "integer", "interface", "into", "join", "like", "limit", "list", "long", "loop", "map",
            "merge", "new", "not", "null", "nulls", "number", "object", "of", "on", "or", "outer", "override", "package",
            "parallel", "pragma", "private", "protected", "public", "retrieve", "return", "rollback", "select", "set",
            "short", "sobject", "sort", "static", "string", "super", "switch", "synchronized", "system", "testmethod",
            "then", "this", "throw", "time", "transaction", "trigger", "true", "try", "undelete", "update", "upsert",
            "using", "virtual", "void", "webservice", "when", "where", "while",
            // earlier editions of the list
            "convertcurrency", "future", "last_90_days", "last_month", "last_n_days", "last_week", "next_90_days",
            "next_month", "next_n_days", "next_week", "returning", "savepoint", "search", "stat", "this_month",
            "this_week", "today", "tolabel", "tomorrow",
            // renamed by External Services (its help page's own example)
            "type");

    private static OpenAPI api;

    @BeforeAll
    static void parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        api = new OpenAPIV3Parser().readLocation(TemplateModel.locate().getParent().resolve("openapi.yaml").toUri().toString(),
                null, options).getOpenAPI();
        assertNotNull(api, "openapi.yaml parses");
    }

    @Test
    void noPropertyOrParameterIsAnApexReservedWord() {
        Map<String, String> names = names();
        assertTrue(names.size() > 100, "the walk finds the document's names: " + names.size());
        List<String> renamed = new ArrayList<>();
        names.forEach((where, name) -> {
            if (APEX_RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                renamed.add(where + " (Flow would show z0" + name + ")");
            }
        });
        assertEquals(List.of(), renamed, "Apex reserved words in openapi.yaml");
    }

    @Test
    void propertiesAndPathParametersAreApexIdentifiersAsWritten() {
        List<String> encoded = new ArrayList<>();
        names().forEach((where, name) -> {
            if (!where.contains(" header ") && !flowName(name).equals(name)) {
                encoded.add(where + " (Flow would show " + flowName(name) + ")");
            }
        });
        assertEquals(List.of(), encoded, "names External Services would encode");
    }

    @Test
    void theSalesforceGuideNamesHeaderInputsAsFlowShowsThem() throws IOException {
        String guide = Files.readString(TemplateModel.locate().getParent().resolve("docs/salesforce.md"));
        Set<String> headers = new TreeSet<>();
        names().forEach((where, name) -> {
            if (where.contains(" header ")) {
                headers.add(name);
            }
        });
        assertEquals(Set.of("Idempotency-Key", "Prefer", "X-Salesforce-Org-Id"), headers);
        assertEquals("Idempotencyx2dKey", flowName("Idempotency-Key"));
        for (String header : headers) {
            assertTrue(guide.contains("`" + flowName(header) + "`"), "docs/salesforce.md names the input " + flowName(header));
        }
        assertFalse(guide.contains("{!body.currency}"), "the body has no currency property");
    }

    @Test
    void theCheckCatchesWhatExternalServicesRenames() {
        assertTrue(APEX_RESERVED.contains("currency") && APEX_RESERVED.contains("type"));
        assertEquals("Xx2dSalesforcex2dOrgx2dId", flowName("X-Salesforce-Org-Id"));
        assertEquals("fixedx5farray", flowName("fixed_array"));
    }

    /** A name as External Services makes it an Apex identifier: other characters as x + their UTF-8 hex. */
    static String flowName(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else {
                out.append('x').append(String.format("%02x", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Every property of every schema (nested and array items included) and every parameter, by where it is. */
    private static Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        api.getComponents().getSchemas().forEach((schema, definition) -> properties("schema " + schema, definition, names));
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            List<Parameter> parameters = new ArrayList<>();
            if (item.getParameters() != null) {
                parameters.addAll(item.getParameters());
            }
            if (operation.getParameters() != null) {
                parameters.addAll(operation.getParameters());
            }
            for (Parameter parameter : parameters) {
                names.put(method + " " + path + " " + parameter.getIn() + " " + parameter.getName(), parameter.getName());
            }
        }));
        return names;
    }

    private static void properties(String where, Schema<?> schema, Map<String, String> names) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                names.put(where + "." + name, name);
                properties(where + "." + name, property, names);
            });
        }
        properties(where + "[]", schema.getItems(), names);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            properties(where + "{}", values, names);
        }
    }
}
