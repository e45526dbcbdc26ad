package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 12's check: every API handler the template names is a few lines that build a frame and delegate. */
class HandlerSizeTest {
    static final int MAX_LINES = 40;
    private static final Pattern HANDLER = Pattern.compile("(?m)^\\s+Handler:\\s*(io\\.sfstigg\\.api\\.[\\w.]+)::handleRequest\\s*$");

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return p;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyApiHandlerInTheTemplateIsAtMostFortyNonBlankLines() throws IOException {
        Path root = root();
        Matcher handlers = HANDLER.matcher(Files.readString(root.resolve("template.yaml")));
        Map<String, Long> tooLong = new TreeMap<>();
        int checked = 0;
        while (handlers.find()) {
            Path source = root.resolve("functions/api/src/main/java").resolve(handlers.group(1).replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), source + " (named in template.yaml) exists");
            List<String> lines = Files.readAllLines(source);
            long nonBlank = lines.stream().filter(line -> !line.isBlank()).count();
            if (nonBlank > MAX_LINES) {
                tooLong.put(handlers.group(1), nonBlank);
            }
            checked++;
        }
        assertTrue(checked >= 19, "the template's API handlers were found: " + checked);
        assertEquals(Map.of(), tooLong, "handlers over " + MAX_LINES + " non-blank lines");
    }
}
