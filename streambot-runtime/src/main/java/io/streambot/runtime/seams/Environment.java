package io.streambot.runtime.seams;

import java.util.Map;
import java.util.Optional;

/**
 * Where streambot's Lambda code (the runtime, the providers) reads its own settings: the process environment and system properties in
 * production, a map in tests (Java cannot change {@code System.getenv} at run time).
 */
public interface Environment {
    /** The environment variable {@code name}, if set and not blank. */
    Optional<String> variable(String name);

    /** The system property {@code name}, if set and not blank. */
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

    /** A fixed environment: {@code variables} as environment variables, {@code properties} as system properties. */
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

    /** A fixed environment of {@code variables} and no system properties. */
    static Environment of(Map<String, String> variables) {
        return of(variables, Map.of());
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
