package io.sfstigg.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What the local system takes from {@code template.yaml}, so it cannot drift from what is
 * deployed: routes and their handlers, the worker's event source settings, the queues and the
 * tables. CloudFormation's short tags ({@code !Ref}, {@code !Sub}, ...) are read as
 * {@code {"Ref": value}}-style maps.
 */
public record TemplateModel(
        List<Route> routes,
        WorkerFunction worker,
        Queue queue,
        List<Table> tables,
        Map<String, Object> parameterDefaults,
        Map<String, Object> globalEnvironment,
        List<Function> functions) {

    public record Route(String method, String path, String functionName, String handler, String codeUri) {}

    public record WorkerFunction(String functionName, String handler, String codeUri, int timeoutSeconds, int batchSize,
            int batchingWindowSeconds, int maximumConcurrency, boolean reportsBatchItemFailures) {}

    public record Queue(String logicalId, String deadLetterLogicalId, int visibilityTimeoutSeconds,
            int maxReceiveCount, int deadLetterRetentionSeconds) {}

    public record Table(String logicalId, String hashKey, String ttlAttribute) {}

    /**
     * What Lambda needs to run a function: its code, handler, memory, timeout, whether SnapStart
     * applies, and its environment variables (the Globals' merged with its own, unresolved).
     */
    public record Function(String logicalId, String handler, String codeUri, int memorySize, int timeoutSeconds,
            boolean snapStart, Map<String, Object> environment) {}

    /** The function with this logical id. */
    public Function function(String logicalId) {
        return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
    }

    public static TemplateModel load(Path template) {
        return from(tree(template));
    }

    /** The whole template as maps and lists, short tags read as their long forms. */
    public static Map<String, Object> tree(Path template) {
        try (Reader reader = Files.newBufferedReader(template)) {
            return new Yaml(new CloudFormationConstructor()).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template, e);
        }
    }

    /** The template at the project's top, found from the working directory upwards. */
    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return p.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("template.yaml not found above " + dir);
    }

    @SuppressWarnings("unchecked")
    private static TemplateModel from(Map<String, Object> root) {
        Map<String, Object> resources = map(root.get("Resources"));
        Map<String, Object> parameters = map(root.getOrDefault("Parameters", Map.of()));
        Map<String, Object> defaults = new LinkedHashMap<>();
        parameters.forEach((name, p) -> defaults.put(name, map(p).get("Default")));
        Map<String, Object> globalFunction = map(map(root.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
        int globalTimeout = number(globalFunction.getOrDefault("Timeout", 3), defaults);
        Map<String, Object> environment = map(map(globalFunction.getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of()));

        List<Route> routes = new ArrayList<>();
        WorkerFunction worker = null;
        Queue queue = null;
        List<Table> tables = new ArrayList<>();
        List<Function> functions = new ArrayList<>();
        int globalMemory = number(globalFunction.getOrDefault("MemorySize", 128), defaults);
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            Map<String, Object> properties = map(resource.getOrDefault("Properties", Map.of()));
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::Serverless::Function" -> {
                    String handler = String.valueOf(properties.get("Handler"));
                    String codeUri = String.valueOf(properties.getOrDefault("CodeUri", globalFunction.get("CodeUri")));
                    Map<String, Object> variables = new LinkedHashMap<>(environment);
                    variables.putAll(map(map(properties.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of())));
                    Map<String, Object> snapStart = map(properties.getOrDefault("SnapStart", globalFunction.get("SnapStart")));
                    functions.add(new Function(entry.getKey(), handler, codeUri,
                            number(properties.getOrDefault("MemorySize", globalMemory), defaults),
                            number(properties.getOrDefault("Timeout", globalTimeout), defaults),
                            "PublishedVersions".equals(snapStart.get("ApplyOn")), java.util.Collections.unmodifiableMap(variables)));
                    for (Object e : map(properties.getOrDefault("Events", Map.of())).values()) {
                        Map<String, Object> event = map(e);
                        Map<String, Object> eventProperties = map(event.getOrDefault("Properties", Map.of()));
                        if ("HttpApi".equals(event.get("Type"))) {
                            routes.add(new Route(String.valueOf(eventProperties.get("Method")).toUpperCase(),
                                    String.valueOf(eventProperties.get("Path")), entry.getKey(), handler, codeUri));
                        } else if ("SQS".equals(event.get("Type"))) {
                            Map<String, Object> scaling = map(eventProperties.getOrDefault("ScalingConfig", Map.of()));
                            worker = new WorkerFunction(entry.getKey(), handler, codeUri,
                                    number(properties.getOrDefault("Timeout", globalTimeout), defaults),
                                    number(eventProperties.getOrDefault("BatchSize", 10), defaults),
                                    number(eventProperties.getOrDefault("MaximumBatchingWindowInSeconds", 0), defaults),
                                    number(scaling.getOrDefault("MaximumConcurrency", 2), defaults),
                                    ((List<Object>) eventProperties.getOrDefault("FunctionResponseTypes", List.of()))
                                            .contains("ReportBatchItemFailures"));
                        }
                    }
                }
                case "AWS::SQS::Queue" -> {
                    if (properties.containsKey("RedrivePolicy")) {
                        Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
                        String dlq = String.valueOf(list(map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).get(0));
                        Map<String, Object> dlqProperties = map(map(resources.get(dlq)).get("Properties"));
                        queue = new Queue(entry.getKey(), dlq,
                                number(properties.getOrDefault("VisibilityTimeout", 30), defaults),
                                number(redrive.get("maxReceiveCount"), defaults),
                                number(dlqProperties.getOrDefault("MessageRetentionPeriod", 345600), defaults));
                    }
                }
                case "AWS::DynamoDB::Table" -> {
                    String hash = list(properties.get("KeySchema")).stream().map(TemplateModel::map)
                            .filter(k -> "HASH".equals(k.get("KeyType"))).map(k -> String.valueOf(k.get("AttributeName")))
                            .findFirst().orElseThrow();
                    Map<String, Object> ttl = map(properties.getOrDefault("TimeToLiveSpecification", Map.of()));
                    tables.add(new Table(entry.getKey(), hash, (String) ttl.get("AttributeName")));
                }
                default -> { }
            }
        }
        if (worker == null || queue == null) {
            throw new IllegalStateException("template.yaml has no SQS-triggered worker or no queue with a redrive policy");
        }
        return new TemplateModel(List.copyOf(routes), worker, queue, List.copyOf(tables), defaults, environment,
                List.copyOf(functions));
    }

    /** A number, or a {@code !Ref} to a parameter with a numeric default. */
    private static int number(Object value, Map<String, Object> defaults) {
        if (value instanceof Map<?, ?> ref && ref.containsKey("Ref")) {
            value = defaults.get(String.valueOf(ref.get("Ref")));
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Reads {@code !Ref X} as {@code {Ref: X}} and {@code !GetAtt A.B} as {@code {Fn::GetAtt: [A, B]}}. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String tag : List.of("Ref", "Sub", "GetAtt", "If", "Not", "Equals", "Join", "Select", "Split",
                    "FindInMap", "ImportValue", "Base64", "GetAZs", "Condition", "And", "Or", "Cidr")) {
                this.yamlConstructors.put(new Tag("!" + tag), new Construct(tag));
            }
        }

        private final class Construct extends AbstractConstruct {
            private final String name;

            Construct(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = scalar.getValue();
                    value = name.equals("GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
