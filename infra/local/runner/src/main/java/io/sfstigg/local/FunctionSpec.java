package io.sfstigg.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function as the local Lambda runs it: the deployment jar, the handler string, memory,
 * timeout, SnapStart, how many execution environments may run at once, and the variables the
 * template gives it, resolved to the local resources. The variables Lambda itself sets (function
 * name, region, runtime API, credentials, ...) are added per execution environment;
 * {@code replacements} are applied last (a value of {@code null} removes the variable), for tests
 * that take something away from the environment.
 */
public record FunctionSpec(String name, String handler, Path code, int memorySize, int timeoutSeconds,
        boolean snapStart, int concurrency, Map<String, String> variables, Map<String, String> replacements) {

    public FunctionSpec {
        variables = Map.copyOf(variables);
        replacements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(replacements));
    }

    public FunctionSpec withTimeout(int seconds) {
        return new FunctionSpec(name, handler, code, memorySize, seconds, snapStart, concurrency, variables, replacements);
    }

    public FunctionSpec withConcurrency(int environments) {
        return new FunctionSpec(name, handler, code, memorySize, timeoutSeconds, snapStart, environments, variables,
                replacements);
    }

    /** The same function with these variables replaced or, where the value is {@code null}, removed. */
    public FunctionSpec replacing(Map<String, String> changes) {
        Map<String, String> all = new LinkedHashMap<>(replacements);
        all.putAll(changes);
        return new FunctionSpec(name, handler, code, memorySize, timeoutSeconds, snapStart, concurrency, variables, all);
    }

    /** Built from the template's function, its variables resolved by the caller, plus local ones (endpoints, overrides). */
    public static FunctionSpec of(TemplateModel.Function function, Path projectRoot, int concurrency,
            Map<String, String> variables) {
        return new FunctionSpec(function.logicalId(), function.handler(), projectRoot.resolve(function.codeUri()),
                function.memorySize(), function.timeoutSeconds(), function.snapStart(), concurrency, variables, Map.of());
    }
}
