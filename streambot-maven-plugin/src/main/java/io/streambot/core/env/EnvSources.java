package io.streambot.core.env;

import io.streambot.core.Events;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one function's config values come from: an env file (read by {@link EnvFiles}) and the pom's
 * {@code <env>}, which wins key by key. {@code streambot:put-env} writes this to the config table and
 * {@code streambot:invoke} serves it to a local run, so both see the same values.
 */
public final class EnvSources {
    private EnvSources() {}

    /**
     * The merged values of one function, not yet validated.
     *
     * @param functionName the function's name (null when not configured: {@link FunctionEnv#validate} says so)
     * @param pomEnv the pom's {@code <env>} (null values are empty elements, hence empty strings), or null
     * @param envFile the env file, relative to {@code baseDirectory} unless absolute, or null
     * @param element the pom element the values came from, e.g. {@code <env>} or {@code <functions><function>[x]}
     * @param property the user property of the env file, or null
     * @throws io.streambot.core.InvalidConfigurationException when the env file is missing or malformed
     */
    public static FunctionEnv merge(
            String functionName,
            Map<String, String> pomEnv,
            Path envFile,
            Path baseDirectory,
            String element,
            String property,
            Events events) {
        Map<String, String> values = new TreeMap<>();
        if (envFile != null) {
            Path path = envFile.isAbsolute() ? envFile : baseDirectory.resolve(envFile);
            values.putAll(EnvFiles.read(path, element.replace("<env>", "") + "<envFile>", property));
        }
        if (pomEnv != null) {
            pomEnv.forEach((k, v) -> {
                if (values.containsKey(k)) {
                    events.info("Key " + k + " of function '" + functionName
                            + "' is in both <envFile> and <env>: <env> wins");
                }
                // Maven passes an empty element as null: that is an empty value.
                values.put(k, v == null ? "" : v);
            });
        }
        return new FunctionEnv(functionName, values, element);
    }
}
