package io.streambot.providers.internal;

import java.util.Map;
import java.util.Optional;

/** Where a provider reads its settings: the process environment and system properties, or a map in tests. */
public interface Environment {
    /** The environment variable {@code name}, when set and not blank. */
    Optional<String> variable(String name);

    /** The system property {@code name}, when set and not blank. */
    Optional<String> property(String name);

    /** The real process environment and system properties. */
    static Environment system() {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(System.getenv(name));
            }

            @Override
            public Optional<String> property(String name) {
                return nonBlank(System.getProperty(name));
            }
        };
    }

    /** Fixed variables and properties, for tests. */
    static Environment of(Map<String, String> variables, Map<String, String> properties) {
        Map<String, String> vars = Map.copyOf(variables);
        Map<String, String> props = Map.copyOf(properties);
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(vars.get(name));
            }

            @Override
            public Optional<String> property(String name) {
                return nonBlank(props.get(name));
            }
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
