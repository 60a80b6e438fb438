package io.streambot.runtime.internal;

import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A local run's configuration: a {@code .properties} file (UTF-8) that {@code streambot:invoke} writes from
 * the pom's {@code <env>} and env files, served instead of the config table when {@value
 * RuntimeSettings#LOCAL_CONFIG_VARIABLE} names it. Lambda never sets that variable, so on Lambda the table is
 * always read.
 */
final class LocalConfigFile {
    /** The {@link EnvRecord#UPDATED_BY} of a record read from a local file. */
    static final String UPDATED_BY = "local-file";

    private LocalConfigFile() {}

    /**
     * The record {@code file} holds for {@code functionName}.
     *
     * @throws StreambotConfigException when the file is missing or cannot be read: a local run never falls
     *     back to an empty config by mistake
     */
    static Optional<EnvRecord> read(Path file, String functionName) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new StreambotConfigException(
                    functionName,
                    describe(file),
                    null,
                    RuntimeSettings.LOCAL_CONFIG_VARIABLE + " names " + file + ", which does not exist: point it at"
                            + " the function's .properties file, or unset it to read the config table",
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new StreambotConfigException(
                    functionName,
                    describe(file),
                    null,
                    "could not read the local config of function '" + functionName + "' from " + describe(file)
                            + ": " + e.getMessage() + "; fix the file or unset " + RuntimeSettings.LOCAL_CONFIG_VARIABLE
                            + " to read the config table",
                    e);
        }
        Map<String, String> env = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> env.put(key, properties.getProperty(key)));
        return Optional.of(new EnvRecord(functionName, env, 0, Instant.EPOCH, UPDATED_BY));
    }

    /** How messages name the file, in place of a table. */
    static String describe(Path file) {
        return "local file " + file + " (" + RuntimeSettings.LOCAL_CONFIG_VARIABLE + ")";
    }
}
