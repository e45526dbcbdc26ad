package io.sfstigg.local;

import static io.sfstigg.local.TestSystem.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.sfstigg.core.config.Variable;
import io.sfstigg.core.json.Json;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The local system and template.yaml describe the same routes, handlers, queues and tables. */
class TemplateConsistencyIT {

    @Test
    void everyTemplateRouteIsServedByTheLocalGateway() {
        for (TemplateModel.Route route : get().template().routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            TestSystem.Answer answer = TestSystem.send(route.method(), path, "{}", null, java.util.Map.of());
            assertNotEquals("Not Found", answer.body().path("message").asText(), route + " is not served locally");
        }
        assertEquals("Not Found", TestSystem.send("GET", "/v1/not-a-route", null, null, java.util.Map.of())
                .body().path("message").asText());
    }

    @Test
    void everyHandlerClassIsInTheTemplateAndTheReverse() throws Exception {
        Set<String> inTemplate = get().template().routes().stream().map(TemplateModel.Route::handler)
                .collect(Collectors.toCollection(TreeSet::new));
        inTemplate.add(get().template().worker().handler());
        Set<String> inCode = new TreeSet<>();
        for (Path classes : new Path[] {TestSystem.projectRoot().resolve("functions/api/target/classes"),
            TestSystem.projectRoot().resolve("functions/worker/target/classes")}) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(name);
                    if (RequestHandler.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                        inCode.add(name + "::handleRequest");
                    }
                }
            }
        }
        assertEquals(inCode, inTemplate);
    }

    @Test
    void tablesAndQueuesAreTheTemplates() {
        Set<String> tables = get().template().tables().stream().map(TemplateModel.Table::logicalId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tables, new TreeSet<>(get().dynamo().listTables().tableNames()));
        assertEquals(Set.of("TenantsTable", "RequestsTable", "LinksTable", "RateLimitsTable"), tables);
        var redrive = Json.read(get().sqs().getQueueAttributes(r -> r.queueUrl(get().queueUrl())
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY));
        assertEquals(get().arn(get().deadLetterQueueUrl()), redrive.path("deadLetterTargetArn").asText());
        assertEquals(14 * 24 * 3600, get().template().queue().deadLetterRetentionSeconds(), "DLQ retention 14 days");
    }

    @Test
    void theWorkerIsConfiguredAsTheTemplateSays() {
        TemplateModel.WorkerFunction worker = get().template().worker();
        assertTrue(worker.reportsBatchItemFailures());
        assertEquals(10, worker.batchSize());
        assertTrue(get().template().queue().visibilityTimeoutSeconds() >= 6 * worker.timeoutSeconds(),
                "visibility timeout at least six times the worker's timeout");
    }

    @Test
    void theTemplateSetsExactlyTheVariablesTheCodeExpectsFromIt() {
        Set<String> expected = Arrays.stream(Variable.values()).filter(v -> v.setBy() == Variable.SetBy.TEMPLATE)
                .map(Variable::name).collect(Collectors.toCollection(TreeSet::new));
        expected.add("JAVA_TOOL_OPTIONS"); // read by the JVM
        assertEquals(expected, new TreeSet<>(get().template().globalEnvironment().keySet()));
    }

    @Test
    void aTemplateParametersDefaultIsTheCodesDefault() {
        int compared = 0;
        for (Variable variable : Variable.values()) {
            Object value = get().template().globalEnvironment().get(variable.name());
            if (variable.fallback() != null && value instanceof Map<?, ?> ref
                    && get().template().parameterDefaults().containsKey(String.valueOf(ref.get("Ref")))) {
                assertEquals(variable.fallback(), String.valueOf(get().template().parameterDefaults()
                        .get(String.valueOf(ref.get("Ref")))), variable.name());
                compared++;
            }
        }
        assertEquals(6, compared, "STIGG_API_URL, STIGG_APP_URL, MAX_RECEIVE_COUNT, ORG_REQUESTS_PER_SECOND, "
                + "ORG_MAX_CONCURRENT_WAITS and SALESFORCE_API_VERSION come from parameters");
    }
}
