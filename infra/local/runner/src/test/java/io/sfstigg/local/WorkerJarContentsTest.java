package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The worker's deployment jar carries the model, the ports and their adapters, and none of the
 * API's request handling: validation, intake and tokens live in the API module.
 */
class WorkerJarContentsTest {
    private static final Path TEMPLATE = TemplateModel.locate();

    /** Classes that moved out of core into the API module, by simple name, wherever they might reappear. */
    private static final Set<String> API_ONLY = Set.of("Fields", "NumberBounds", "OpportunityChanges",
            "OpportunityCompiler", "RequestParser", "Text", "FieldError", "ValidationException", "StiggEventParser",
            "RequestIntake", "OpportunityIntake", "IdempotencyException", "RateLimitedException",
            "UnknownOpportunityException", "OpportunityConflictException", "Tokens");

    @Test
    void workerJarCarriesNoValidationIntakeOrTokenClasses() throws IOException {
        List<String> classes = projectClasses(jar(TemplateModel.load(TEMPLATE).worker().codeUri()));
        assertTrue(classes.contains("io/sfstigg/worker/ProvisioningWorker.class"), "the worker's handler is in its jar");
        assertEquals(List.of(), classes.stream().filter(WorkerJarContentsTest::apiOnly).toList());
    }

    /** The same rule finds them in the API's jar, so the worker's empty list is not for want of looking. */
    @Test
    void theRuleFindsTheApiOnlyClassesInTheApiJar() throws IOException {
        List<String> found = projectClasses(jar(TemplateModel.load(TEMPLATE).routes().get(0).codeUri())).stream()
                .filter(WorkerJarContentsTest::apiOnly).toList();
        assertTrue(found.contains("io/sfstigg/api/validation/Fields.class"), found::toString);
        assertTrue(found.contains("io/sfstigg/api/intake/RequestIntake.class"), found::toString);
        assertTrue(found.contains("io/sfstigg/api/auth/Tokens.class"), found::toString);
    }

    /** Any class of the API module, any {@code validation} package, or a class named as one that moved. */
    static boolean apiOnly(String entry) {
        String name = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
        String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        return entry.startsWith("io/sfstigg/api/") || entry.matches("io/sfstigg/(.+/)?validation/.+")
                || API_ONLY.contains(outer);
    }

    private static Path jar(String codeUri) {
        Path jar = TEMPLATE.getParent().resolve(codeUri);
        assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package");
        return jar;
    }

    private static List<String> projectClasses(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("io/sfstigg/") && n.endsWith(".class")).sorted().toList();
        }
    }
}
