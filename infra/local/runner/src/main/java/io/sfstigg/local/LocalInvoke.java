package io.sfstigg.local;

import io.sfstigg.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code sam local invoke} without Docker: runs one function of {@code template.yaml} on one event
 * file through the Lambda runtime's loader and prints the response. Against the running local
 * system it uses the settings that system wrote to {@code .local/settings.properties}.
 */
public final class LocalInvoke {
    static final Path SETTINGS = Path.of(".local", "settings.properties");

    private LocalInvoke() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LocalInvoke <FunctionLogicalId> <events/file.json>");
        }
        Path template = TemplateModel.locate();
        loadSettings(template.getParent().resolve(SETTINGS));
        byte[] response = invoke(TemplateModel.load(template), args[0], Files.readAllBytes(Path.of(args[1])));
        PrintStream out = System.out;
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(response)));
    }

    /** Invokes the named function (a route's function or the worker) with the event. */
    public static byte[] invoke(TemplateModel template, String functionName, byte[] event) throws Exception {
        String handler;
        int timeout = 29;
        if (template.worker().functionName().equals(functionName)) {
            handler = template.worker().handler();
            timeout = template.worker().timeoutSeconds();
        } else {
            handler = template.routes().stream().filter(r -> r.functionName().equals(functionName))
                    .map(TemplateModel.Route::handler).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + functionName));
        }
        return new LambdaFunction(functionName, handler, timeout).invoke(event);
    }

    static void loadSettings(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("start the local system first (infra/local/start): " + file + " not found");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        properties.forEach((name, value) -> System.setProperty(String.valueOf(name), String.valueOf(value)));
    }
}
