package io.sfstigg.core.stigg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Stigg's error codes are spelled once, in {@link StiggErrorCode}: no string literal of one in functions' main code. */
class StiggErrorCodeLiteralsTest {
    private static final String ENUM_FILE = "StiggErrorCode.java";

    @Test
    void noMainSourceOutsideTheEnumSpellsAStiggErrorCode() throws IOException {
        List<String> literals = Arrays.stream(StiggErrorCode.values()).map(StiggErrorCode::code)
                .filter(Objects::nonNull).map(code -> "\"" + code + "\"").toList();
        List<Path> sources = mainSources(functionsDirectory());
        assertTrue(sources.stream().anyMatch(p -> p.endsWith(Path.of("stigg", ENUM_FILE))), "the scan sees the enum");
        assertTrue(sources.stream().anyMatch(p -> p.toString().contains("worker")), "the scan sees the worker");
        List<String> found = new ArrayList<>();
        for (Path source : sources) {
            if (source.getFileName().toString().equals(ENUM_FILE)) {
                continue;
            }
            String text = Files.readString(source);
            literals.stream().filter(text::contains).forEach(literal -> found.add(source + ": " + literal));
        }
        assertEquals(List.of(), found);
    }

    /** functions/, found from this module's directory (functions/core) upwards. */
    private static Path functionsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("functions")
                    && Files.isDirectory(dir.resolve("core"))) {
                return dir;
            }
            if (Files.isDirectory(dir.resolve("functions").resolve("core"))) {
                return dir.resolve("functions");
            }
        }
        throw new IllegalStateException("functions/ not found above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> mainSources(Path functions) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(functions)) {
            for (Path main : modules.map(m -> m.resolve("src").resolve("main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sources;
    }
}
