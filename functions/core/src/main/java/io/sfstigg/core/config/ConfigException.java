package io.sfstigg.core.config;

import java.util.List;

/** The configuration cannot be used: each problem names its variable. */
public final class ConfigException extends IllegalStateException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
