package io.sfstigg.local;

import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code sam local invoke} without Docker: runs one function of {@code template.yaml} on one event
 * file in a fresh execution environment (its own JVM behind the Lambda Runtime API, a cold start)
 * and prints the response. Against the running local system it uses the variables that system
 * gives the function, written to {@code .local/settings.properties}.
 */
public final class LocalInvoke {
    static final Path SETTINGS = Path.of(".local", "settings.properties");
    static final String FUNCTION_PREFIX = "function.";

    private LocalInvoke() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LocalInvoke <FunctionLogicalId> <events/file.json>");
        }
        Path template = TemplateModel.locate();
        Map<String, String> variables = loadVariables(template.getParent().resolve(SETTINGS), args[0]);
        byte[] response = invoke(TemplateModel.load(template), variables, args[0], Files.readAllBytes(Path.of(args[1])));
        PrintStream out = System.out;
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(response)));
    }

    /** Invokes the named function (a route's function or the worker) with the event, in a new execution environment. */
    public static byte[] invoke(TemplateModel template, Map<String, String> variables, String functionName, byte[] event)
            throws Exception {
        FunctionSpec spec = FunctionSpec.of(template.function(functionName), TemplateModel.locate().getParent(), 1,
                variables);
        try (CredentialsEndpoint credentials = new CredentialsEndpoint();
                LambdaFunction function = new LambdaFunction(spec, credentials, new FunctionLogs(System.err))) {
            return function.invoke(event);
        }
    }

    static Map<String, String> loadVariables(Path file, String functionName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("start the local system first (infra/local/start): " + file + " not found");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        String prefix = FUNCTION_PREFIX + functionName + ".";
        Map<String, String> variables = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> variables.put(name.substring(prefix.length()), properties.getProperty(name)));
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("the running local system has no function " + functionName);
        }
        return variables;
    }
}
