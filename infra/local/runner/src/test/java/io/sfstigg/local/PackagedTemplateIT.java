package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.json.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deploy path of {@code docs/deploy.md}, checked with the tools it names: {@code aws cloudformation
 * package} uploads every function's own jar (to a local S3, moto_server), and the SAM translator turns
 * the packaged template into what CloudFormation deploys: every route integrated with its function's
 * {@code live} alias, SnapStart on published versions, the worker's event source mapping as designed.
 * Skipped, with the reason, where moto_server, the aws CLI or the SAM translator is not installed.
 */
class PackagedTemplateIT {
    private static final Path ROOT = TemplateModel.locate().getParent();
    private static final String BUCKET = "provisioner-artifacts";
    private static final Pattern LISTENING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern INTEGRATION_TARGET = Pattern.compile("/functions/\\$\\{([A-Za-z0-9.]+)}/invocations$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Process moto;
    private static String s3;
    private static Map<String, Object> source;
    private static Map<String, Object> packaged;
    private static JsonNode deployed;
    private static String packagingMissing;
    private static String translatorMissing;

    @BeforeAll
    static void packageTheTemplate() throws Exception {
        source = TemplateModel.tree(ROOT.resolve("template.yaml"));
        String motoServer = onPath("moto_server");
        String aws = onPath("aws");
        if (motoServer == null || aws == null) {
            packagingMissing = (motoServer == null ? "moto_server" : "the aws CLI")
                    + " is not on PATH: aws cloudformation package against a local S3 is not checked";
            return;
        }
        for (String jar : codeUris(source).values()) {
            assertTrue(Files.isRegularFile(ROOT.resolve(jar)), jar + " is built by mvn package before this test");
        }
        moto = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", "0").redirectErrorStream(true).start();
        s3 = "http://127.0.0.1:" + awaitPort(moto);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(s3 + "/" + BUCKET))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), "create bucket: " + created.body());

        Path work = Files.createTempDirectory("packaged-template");
        Path output = work.resolve("packaged.yaml");
        ProcessBuilder packaging = new ProcessBuilder(aws, "cloudformation", "package",
                "--template-file", "template.yaml", "--s3-bucket", BUCKET, "--output-template-file", output.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true);
        isolatedAwsEnvironment(packaging.environment(), work);
        String log = run(packaging, 300);
        assertTrue(Files.isRegularFile(output), "aws cloudformation package wrote no template:\n" + log);
        packaged = TemplateModel.tree(output);

        String python = pythonWithSamTranslator();
        if (python == null) {
            translatorMissing = "no Python on PATH (nor cfn-lint's) can import samtranslator: the deployed shape is not checked";
            return;
        }
        Path script = work.resolve("sam_translate.py");
        try (var in = PackagedTemplateIT.class.getResourceAsStream("/sam_translate.py")) {
            Files.copy(in, script);
        }
        ProcessBuilder translate = new ProcessBuilder(python, script.toString(), output.toString())
                .redirectError(work.resolve("translate.err").toFile());
        isolatedAwsEnvironment(translate.environment(), work);
        String json = run(translate, 120);
        assertFalse(json.isBlank(), "the SAM translator printed nothing: " + Files.readString(work.resolve("translate.err")));
        deployed = Json.read(json);
    }

    @AfterAll
    static void stopS3() throws InterruptedException {
        if (moto != null) {
            moto.descendants().forEach(ProcessHandle::destroy);
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyFunctionNamesItsOwnCodeUriNotGlobals() {
        Map<String, Object> globals = map(map(source.get("Globals")).get("Function"));
        assertFalse(globals.containsKey("CodeUri"),
                "sam build and aws cloudformation package do not rewrite a CodeUri in Globals");
        functions(source).forEach((name, function) -> assertTrue(map(map(function).get("Properties")).get("CodeUri") instanceof String,
                name + " has no CodeUri of its own"));
    }

    @Test
    void everyFunctionsCodeIsTheUploadedJarHoldingItsHandler() throws Exception {
        Assumptions.assumeTrue(packaged != null, packagingMissing);
        Map<String, String> jars = codeUris(source);
        Map<String, Object> packagedFunctions = functions(packaged);
        assertEquals(jars.keySet(), packagedFunctions.keySet());
        Map<String, byte[]> downloads = new HashMap<>();
        for (Map.Entry<String, Object> function : packagedFunctions.entrySet()) {
            Map<String, Object> properties = map(map(function.getValue()).get("Properties"));
            String codeUri = String.valueOf(properties.get("CodeUri"));
            assertTrue(codeUri.startsWith("s3://" + BUCKET + "/"), function.getKey() + "'s code is not uploaded: " + codeUri);
            byte[] object = downloads.computeIfAbsent(codeUri, PackagedTemplateIT::download);
            byte[] jar = Files.readAllBytes(ROOT.resolve(jars.get(function.getKey())));
            assertEquals(sha256(jar), sha256(object),
                    function.getKey() + ": " + codeUri + " is not " + jars.get(function.getKey()));
            String handler = String.valueOf(properties.get("Handler"));
            String classEntry = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
            assertTrue(entries(object).contains(classEntry), function.getKey() + ": " + codeUri + " has no " + classEntry);
        }
        assertEquals(new TreeSet<>(jars.values()).size(), downloads.size(), "one upload per jar");
    }

    @Test
    void everyRouteIntegratesWithItsFunctionsLiveAliasAndMayInvokeIt() {
        assumeTranslated();
        JsonNode resources = deployed.path("Resources");
        JsonNode paths = resources.path("HttpApi").path("Properties").path("Body").path("paths");
        List<TemplateModel.Route> routes = TemplateModel.load(ROOT.resolve("template.yaml")).routes();
        assertEquals(routes.size(), count(paths), "the API's routes are the template's");
        for (TemplateModel.Route route : routes) {
            JsonNode integration = paths.path(route.path()).path(route.method().toLowerCase()).path("x-amazon-apigateway-integration");
            assertEquals("aws_proxy", integration.path("type").asText(), route + " has no Lambda proxy integration");
            assertEquals("2.0", integration.path("payloadFormatVersion").asText(), route.toString());
            Matcher target = INTEGRATION_TARGET.matcher(integration.path("uri").path("Fn::Sub").asText());
            assertTrue(target.find(), route + ": integration uri " + integration.path("uri"));
            String invoked = target.group(1);
            if (snapStart(route.functionName())) {
                assertEquals(route.functionName() + "Aliaslive", invoked, route + " does not invoke the live alias");
                JsonNode alias = resources.path(invoked);
                assertEquals("AWS::Lambda::Alias", alias.path("Type").asText(), invoked);
                assertEquals("live", alias.path("Properties").path("Name").asText());
                assertEquals(route.functionName(), alias.path("Properties").path("FunctionName").path("Ref").asText());
            } else {
                assertEquals(route.functionName() + ".Arn", invoked, route + " does not invoke its function");
            }
            String permitted = invoked.endsWith(".Arn") ? invoked.substring(0, invoked.length() - 4) : invoked;
            String sourceArn = "/" + route.method() + route.path().replaceAll("\\{[^}]+}", "*");
            boolean mayInvoke = false;
            for (JsonNode resource : resources) {
                JsonNode properties = resource.path("Properties");
                mayInvoke |= "AWS::Lambda::Permission".equals(resource.path("Type").asText())
                        && permitted.equals(properties.path("FunctionName").path("Ref").asText())
                        && "apigateway.amazonaws.com".equals(properties.path("Principal").asText())
                        && properties.path("SourceArn").path("Fn::Sub").path(0).asText().endsWith(sourceArn);
            }
            assertTrue(mayInvoke, route + ": API Gateway has no permission to invoke " + permitted);
        }
    }

    @Test
    void apiFunctionsRunSnapStartOnAPublishedVersionBehindTheLiveAlias() {
        assumeTranslated();
        JsonNode resources = deployed.path("Resources");
        Set<String> withSnapStart = new TreeSet<>();
        Set<String> routeFunctions = new TreeSet<>();
        TemplateModel.load(ROOT.resolve("template.yaml")).routes().forEach(r -> routeFunctions.add(r.functionName()));
        resources.fields().forEachRemaining(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if ("AWS::Lambda::Function".equals(entry.getValue().path("Type").asText())
                    && "PublishedVersions".equals(properties.path("SnapStart").path("ApplyOn").asText())) {
                withSnapStart.add(entry.getKey());
            }
        });
        Set<String> expected = new TreeSet<>(routeFunctions);
        expected.remove("HealthFunction");
        assertEquals(expected, withSnapStart, "every API function but the health check runs SnapStart");
        for (String function : withSnapStart) {
            assertTrue(snapStart(function));
            JsonNode alias = resources.path(function + "Aliaslive").path("Properties");
            String version = alias.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
            assertEquals("AWS::Lambda::Version", resources.path(version).path("Type").asText(),
                    function + "'s live alias points at no published version");
            assertEquals(function, resources.path(version).path("Properties").path("FunctionName").path("Ref").asText());
        }
    }

    @Test
    void theWorkersEventSourceMappingHasTheDesignedSettings() {
        assumeTranslated();
        TemplateModel.WorkerFunction worker = TemplateModel.load(ROOT.resolve("template.yaml")).worker();
        List<JsonNode> mappings = new ArrayList<>();
        deployed.path("Resources").forEach(r -> {
            if ("AWS::Lambda::EventSourceMapping".equals(r.path("Type").asText())) {
                mappings.add(r.path("Properties"));
            }
        });
        assertEquals(1, mappings.size(), "one event source mapping, the worker's");
        JsonNode mapping = mappings.get(0);
        assertEquals(worker.functionName(), mapping.path("FunctionName").path("Ref").asText());
        assertEquals("ProvisioningQueue", mapping.path("EventSourceArn").path("Fn::GetAtt").path(0).asText());
        assertEquals(10, mapping.path("BatchSize").asInt());
        assertEquals(worker.batchSize(), mapping.path("BatchSize").asInt());
        assertEquals(1, mapping.path("MaximumBatchingWindowInSeconds").asInt());
        assertEquals(worker.batchingWindowSeconds(), mapping.path("MaximumBatchingWindowInSeconds").asInt());
        assertEquals("WorkerMaximumConcurrency", mapping.path("ScalingConfig").path("MaximumConcurrency").path("Ref").asText());
        assertEquals(List.of("ReportBatchItemFailures"), Json.MAPPER.convertValue(mapping.path("FunctionResponseTypes"), List.class));
        JsonNode function = deployed.path("Resources").path(worker.functionName()).path("Properties");
        assertTrue(function.path("SnapStart").isMissingNode(), "the worker has no SnapStart (it would get no key variables)");
        assertEquals(worker.timeoutSeconds(), function.path("Timeout").asInt());
    }

    private static void assumeTranslated() {
        Assumptions.assumeTrue(packaged != null, packagingMissing);
        Assumptions.assumeTrue(deployed != null, translatorMissing);
    }

    private static boolean snapStart(String function) {
        Map<String, Object> properties = map(map(functions(source).get(function)).get("Properties"));
        return properties.containsKey("SnapStart") && "live".equals(properties.get("AutoPublishAlias"));
    }

    /** Each function's CodeUri in the source template, as a path from the project root. */
    private static Map<String, String> codeUris(Map<String, Object> template) {
        Map<String, String> jars = new LinkedHashMap<>();
        Object global = map(map(template.get("Globals")).get("Function")).get("CodeUri");
        functions(template).forEach((name, function) -> jars.put(name,
                String.valueOf(map(map(function).get("Properties")).getOrDefault("CodeUri", global))));
        return jars;
    }

    private static Map<String, Object> functions(Map<String, Object> template) {
        Map<String, Object> functions = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                functions.put(name, resource);
            }
        });
        return functions;
    }

    private static byte[] download(String codeUri) {
        try {
            String key = codeUri.substring(("s3://" + BUCKET + "/").length());
            HttpResponse<byte[]> object = HTTP.send(HttpRequest.newBuilder(URI.create(s3 + "/" + BUCKET + "/" + key)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, object.statusCode(), codeUri + " is not in the bucket");
            return object.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> entries(byte[] zip) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int count(JsonNode paths) {
        int operations = 0;
        for (JsonNode item : paths) {
            operations += item.size();
        }
        return operations;
    }

    /** Dummy credentials and a region for the CLI, no profile or config file of the machine. */
    private static void isolatedAwsEnvironment(Map<String, String> env, Path work) {
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "packaging-test");
        env.put("AWS_SECRET_ACCESS_KEY", "packaging-test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        env.put("AWS_ENDPOINT_URL_S3", s3);
    }

    private static String run(ProcessBuilder builder, int timeoutSeconds) throws Exception {
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " did not finish in " + timeoutSeconds + " s");
        }
        String text = output.get(10, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), builder.command() + ":\n" + text);
        return text;
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.append(line).append('\n');
            Matcher port = LISTENING.matcher(line);
            if (port.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the server stopped
                    }
                }, "moto-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(port.group(1));
            }
        }
        throw new AssertionError("moto_server stopped before listening:\n" + seen);
    }

    /** cfn-lint's own interpreter (the SAM translator is installed with it), else python3 or python. */
    private static String pythonWithSamTranslator() throws Exception {
        List<String> candidates = new ArrayList<>();
        String cfnLint = onPath("cfn-lint");
        if (cfnLint != null) {
            String first = Files.readAllLines(Path.of(cfnLint), StandardCharsets.ISO_8859_1).stream().findFirst().orElse("");
            if (first.startsWith("#!") && first.contains("python")) {
                candidates.add(first.substring(2).trim().split("\\s+")[0]);
            }
        }
        for (String name : List.of("python3", "python")) {
            String found = onPath(name);
            if (found != null) {
                candidates.add(found);
            }
        }
        for (String python : candidates) {
            Process probe = new ProcessBuilder(python, "-c", "import samtranslator").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return python;
            }
        }
        return null;
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
