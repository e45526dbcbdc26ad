package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.api.validation.OpportunityCompiler;
import io.sfstigg.api.validation.RequestParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml}, the document Salesforce External Services imports: it parses cleanly,
 * declares every route of {@code template.yaml} and no other, gives every operation the
 * responses a Flow branches on, and its request examples pass the handlers' own validation.
 */
class OpenApiTest {
    private static final Pattern OPERATION_ID = Pattern.compile("^[A-Za-z][A-Za-z0-9]*$");
    private static final String JSON = "application/json";
    private static final String OPPORTUNITY = "006Dn00000B2c3d";

    private static Path document;
    private static OpenAPI api;
    private static Map<String, Operation> operations;

    @BeforeAll
    static void parse() {
        Path template = TemplateModel.locate();
        document = template.getParent().resolve("openapi.yaml");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(document.toUri().toString(), null, options);
        assertNotNull(result.getOpenAPI(), "openapi.yaml does not parse: " + result.getMessages());
        assertEquals(List.of(), result.getMessages() == null ? List.of() : result.getMessages(),
                "the parser reports problems in openapi.yaml");
        api = result.getOpenAPI();
        operations = new LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method.name() + " " + path, operation)));
    }

    @Test
    void isOpenApi303() {
        assertEquals("3.0.3", api.getOpenapi());
        assertFalse(api.getServers().isEmpty(), "a servers entry for the deployed API URL");
    }

    @Test
    void declaresEveryTemplateRouteAndNoOther() {
        Set<String> inTemplate = TemplateModel.load(TemplateModel.locate()).routes().stream()
                .map(route -> route.method().toUpperCase() + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inTemplate, new TreeSet<>(operations.keySet()));
    }

    @Test
    void operationIdsAreUniqueAndApexFriendly() {
        Set<String> seen = new HashSet<>();
        operations.forEach((route, operation) -> {
            String id = operation.getOperationId();
            assertNotNull(id, route + " has no operationId");
            assertTrue(OPERATION_ID.matcher(id).matches(), route + ": operationId '" + id + "' is not alphanumeric");
            assertTrue(seen.add(id), "operationId '" + id + "' is used twice");
        });
        assertEquals(Set.of("createStiggCustomer", "createStiggSubscription", "createStiggCreditGrant",
                "provisionOpportunity", "getRequestStatus", "getLinks", "getStiggConfiguration",
                "saveStiggConfiguration", "registerTenant", "issueTenantToken", "revokeTenantToken", "updateTenant", "getHealth",
                "cancelOpportunity", "cancelStiggSubscription", "getOpportunity",
                "getSalesforceSync", "saveSalesforceSync", "receiveStiggWebhook"), seen);
    }

    @Test
    void everyOperationDeclaresSuccessClientErrorAndServerErrorResponses() {
        operations.forEach((route, operation) -> {
            Map<String, ApiResponse> responses = operation.getResponses();
            List<String> successes = responses.keySet().stream().filter(code -> code.matches("2\\d\\d")).toList();
            assertFalse(successes.isEmpty(), route + " declares no concrete 2xx response");
            for (String code : successes) {
                if (!code.equals("204")) {
                    assertJsonSchema(route + " " + code, responses.get(code).getContent());
                }
            }
            for (String range : List.of("4XX", "5XX")) {
                ApiResponse response = responses.get(range);
                assertNotNull(response, route + " declares no " + range + " response");
                assertJsonSchema(route + " " + range, response.getContent());
                assertEquals("#/components/schemas/Problem", response.getContent().get(JSON).getSchema().get$ref(),
                        route + " " + range + " is not the Problem schema");
            }
            responses.keySet().forEach(code -> assertTrue(code.matches("2\\d\\d|4XX|5XX"),
                    route + " declares " + code + "; Flows branch on 2xx codes, 4XX and 5XX"));
        });
    }

    @Test
    void bodiesAreNamedJsonComponentsWithoutCompositions() throws IOException {
        operations.forEach((route, operation) -> {
            List<Content> bodies = new ArrayList<>();
            if (operation.getRequestBody() != null) {
                bodies.add(operation.getRequestBody().getContent());
            }
            operation.getResponses().values().stream().map(ApiResponse::getContent).filter(c -> c != null)
                    .forEach(bodies::add);
            for (Content content : bodies) {
                assertEquals(Set.of(JSON), content.keySet(), route + ": External Services reads application/json");
                String ref = content.get(JSON).getSchema().get$ref();
                assertTrue(ref != null && ref.startsWith("#/components/schemas/"),
                        route + ": body schemas are named components (they become Flow's Apex-defined types)");
            }
        });
        String text = Files.readString(document);
        for (String construct : List.of("oneOf:", "anyOf:", "allOf:", "nullable:", "discriminator:")) {
            assertFalse(text.contains(construct), "openapi.yaml uses " + construct);
        }
    }

    @Test
    void provisioningOperationsTakeTheIdempotencyPreferAndOrgHeaders() {
        for (String route : List.of("POST /v1/customers", "POST /v1/subscriptions", "POST /v1/credit-grants",
                "POST /v1/opportunities/{opportunityId}/provision")) {
            Set<String> headers = operations.get(route).getParameters().stream()
                    .filter(p -> "header".equals(p.getIn())).map(Parameter::getName).collect(Collectors.toSet());
            assertEquals(Set.of("Idempotency-Key", "Prefer", "X-Salesforce-Org-Id"), headers, route);
            assertEquals(Set.of("200", "202", "4XX", "5XX"), operations.get(route).getResponses().keySet(), route);
        }
    }

    @Test
    void customerExampleIsAcceptedByTheParser() {
        assertDoesNotThrow(() -> new RequestParser("USD", Clock.systemUTC()).customer(example("POST /v1/customers")));
    }

    @Test
    void subscriptionExampleIsAcceptedByTheParser() {
        assertDoesNotThrow(() -> new RequestParser("USD", Clock.systemUTC()).subscription(example("POST /v1/subscriptions")));
    }

    @Test
    void creditGrantExampleIsAcceptedByTheParser() {
        assertDoesNotThrow(() -> new RequestParser("USD", Clock.systemUTC()).creditGrant(example("POST /v1/credit-grants")));
    }

    @Test
    void opportunityExampleCompilesToOneSubscription() {
        var compiled = assertDoesNotThrow(() -> new OpportunityCompiler("USD")
                .compile(OPPORTUNITY, example("POST /v1/opportunities/{opportunityId}/provision")));
        assertEquals("plan-pro", compiled.planId());
        assertEquals(1, compiled.addons().size());
        assertEquals(1, compiled.entitlements().size());
        assertEquals(1, compiled.creditEntitlements().size());
    }

    @Test
    void salesforceIdsInExamplesAreRealIds() {
        JsonNode tenant = example("POST /v1/admin/tenants");
        String orgId = tenant.path("orgId").asText();
        assertTrue(SalesforceId.to18(orgId).filter(id -> id.startsWith("00D")).isPresent(), "orgId " + orgId);
        operations.forEach((route, operation) -> {
            if (operation.getParameters() == null) {
                return;
            }
            for (Parameter parameter : operation.getParameters()) {
                if (Set.of("X-Salesforce-Org-Id", "opportunityId", "salesforceId", "orgId").contains(parameter.getName())) {
                    String value = String.valueOf(parameter.getExample());
                    assertTrue(SalesforceId.to18(value).isPresent(),
                            route + ": " + parameter.getName() + " example " + value + " is not a Salesforce id");
                }
            }
        });
    }

    private static JsonNode example(String route) {
        Operation operation = operations.get(route);
        assertNotNull(operation, route);
        MediaType media = operation.getRequestBody().getContent().get(JSON);
        assertNotNull(media.getExample(), route + " has no request example");
        return Json.MAPPER.valueToTree(media.getExample());
    }

    private static void assertJsonSchema(String what, Content content) {
        assertNotNull(content, what + " has no content");
        MediaType media = content.get(JSON);
        assertNotNull(media, what + " is not application/json");
        assertNotNull(media.getSchema(), what + " has no schema");
    }
}
