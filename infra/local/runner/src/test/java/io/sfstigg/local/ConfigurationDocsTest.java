package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sfstigg.core.config.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table of docs/operations.md is the code's list of variables, row by row. */
class ConfigurationDocsTest {
    private static final Path OPERATIONS = TemplateModel.locate().getParent().resolve("docs/operations.md");
    private static final Map<Variable.SetBy, String> SET_BY = Map.of(Variable.SetBy.TEMPLATE, "template",
            Variable.SetBy.LAMBDA, "Lambda", Variable.SetBy.TUNING, "tuning", Variable.SetBy.LOCAL, "local runner");

    @Test
    void theOperationsGuideListsEveryVariableWithItsDefault() throws IOException {
        List<String> documented = Files.readAllLines(OPERATIONS).stream()
                .dropWhile(line -> !line.equals("## Configuration"))
                .filter(line -> line.startsWith("| `"))
                .map(line -> String.join(" | ", Arrays.asList(line.split("\\s*\\|\\s*")).subList(1, 5)))
                .toList();
        List<String> inCode = Arrays.stream(Variable.values())
                .map(v -> String.join(" | ", "`" + v.name() + "`", v.scope().name().toLowerCase(Locale.ROOT),
                        SET_BY.get(v.setBy()), v.fallback() != null ? "`" + v.fallback() + "`"
                                : v.required() ? "required" : "none"))
                .toList();
        assertEquals(inCode, documented);
    }
}
