package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What `sam deploy` uploads: one shaded jar per function, each handler present in it; the template lints clean. */
class DeploymentArtifactsTest {
    private static final long MAX_JAR_BYTES = 20L * 1024 * 1024;
    private static final Path ROOT = TemplateModel.locate().getParent();

    @Test
    void everyHandlerOfTheTemplateIsInItsFunctionsJar() throws Exception {
        TemplateModel template = TemplateModel.load(ROOT.resolve("template.yaml"));
        Map<String, String> handlers = new LinkedHashMap<>();
        template.routes().forEach(r -> handlers.put(r.handler(), r.codeUri()));
        handlers.put(template.worker().handler(), template.worker().codeUri());
        for (Map.Entry<String, String> handler : handlers.entrySet()) {
            Path jar = ROOT.resolve(handler.getValue());
            assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package");
            String className = handler.getKey().substring(0, handler.getKey().indexOf("::"));
            String methodName = handler.getKey().substring(handler.getKey().indexOf("::") + 2);
            try (URLClassLoader isolated = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
                Class<?> type = Class.forName(className, false, isolated);
                boolean found = false;
                for (Method method : type.getMethods()) {
                    found |= method.getName().equals(methodName) && method.getParameterCount() == 2;
                }
                assertTrue(found, handler.getKey() + " has no two-argument " + methodName + " in " + jar);
                type.getConstructor();
                Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, isolated);
            }
        }
    }

    @Test
    void eachFunctionArtifactIsOneShadedJarSmallEnoughForShortColdStarts() throws IOException {
        for (String jar : List.of("functions/api/target/api.jar", "functions/worker/target/worker.jar")) {
            long size = Files.size(ROOT.resolve(jar));
            System.out.printf("artifact %s: %.1f MiB%n", jar, size / 1024.0 / 1024.0);
            assertTrue(size < MAX_JAR_BYTES, jar + " is " + size + " bytes");
        }
    }

    @Test
    void templateLintsCleanWithCfnLint() throws Exception {
        String cfnLint = onPath("cfn-lint");
        Assumptions.assumeTrue(cfnLint != null, "cfn-lint is not on PATH: template lint skipped (pip install cfn-lint)");
        Process lint = new ProcessBuilder(cfnLint, "template.yaml").directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertTrue(lint.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, lint.exitValue(), "cfn-lint template.yaml:\n" + output);
        assertEquals("", output.trim(), "no errors and no warnings");
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
}
