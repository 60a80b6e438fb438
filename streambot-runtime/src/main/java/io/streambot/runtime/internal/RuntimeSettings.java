package io.streambot.runtime.internal;

import io.streambot.runtime.Durations;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.seams.Environment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime's own settings, read from the function's environment once per execution environment.
 *
 * @param table the config table ({@value EnvRecord#TABLE_ENV_VARIABLE}, default {@value EnvRecord#DEFAULT_TABLE})
 * @param region the region of the table ({@code AWS_REGION}, which Lambda sets)
 * @param endpoint the endpoint override for local runs and tests ({@value #ENDPOINT_VARIABLE} or the system
 *     property {@value #ENDPOINT_PROPERTY}); empty means the region's DynamoDB endpoint
 * @param ttl how long a loaded configuration is served before it is refreshed ({@value #TTL_VARIABLE})
 * @param missing what to do when the function has no record ({@value #MISSING_VARIABLE})
 * @param localConfig a {@code .properties} file served instead of the table, for local runs only ({@value
 *     #LOCAL_CONFIG_VARIABLE} or the system property {@value #LOCAL_CONFIG_PROPERTY}); empty on Lambda
 */
public record RuntimeSettings(
        String table,
        String region,
        Optional<URI> endpoint,
        Duration ttl,
        MissingRecordPolicy missing,
        Optional<Path> localConfig) {
    public static final String REGION_VARIABLE = "AWS_REGION";
    public static final String ENDPOINT_VARIABLE = "STREAMBOT_ENDPOINT";
    public static final String ENDPOINT_PROPERTY = "streambot.endpoint";
    public static final String TTL_VARIABLE = "STREAMBOT_ENV_TTL";
    public static final String MISSING_VARIABLE = "STREAMBOT_ENV_MISSING";
    /** A local run's config file (streambot:invoke sets it); never set by Lambda. */
    public static final String LOCAL_CONFIG_VARIABLE = "STREAMBOT_LOCAL_CONFIG";

    public static final String LOCAL_CONFIG_PROPERTY = "streambot.localConfig";
    /** Refresh after a minute unless {@value #TTL_VARIABLE} says otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    public RuntimeSettings {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(localConfig, "localConfig");
    }

    /** Where the configuration comes from, for messages: the table's name, or the local file. */
    public String source() {
        return localConfig.map(LocalConfigFile::describe).orElse(table);
    }

    /** Settings that read the config table (no local config file). */
    public RuntimeSettings(
            String table, String region, Optional<URI> endpoint, Duration ttl, MissingRecordPolicy missing) {
        this(table, region, endpoint, ttl, missing, Optional.empty());
    }

    /**
     * Reads the settings from {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or invalid, and the fix
     */
    public static RuntimeSettings from(Environment environment) {
        String table = environment.variable(EnvRecord.TABLE_ENV_VARIABLE).orElse(EnvRecord.DEFAULT_TABLE);
        Optional<Path> localConfig = environment
                .variable(LOCAL_CONFIG_VARIABLE)
                .or(() -> environment.property(LOCAL_CONFIG_PROPERTY))
                .map(Path::of);
        Optional<String> configuredRegion =
                environment.variable(REGION_VARIABLE).or(() -> environment.property("aws.region"));
        // A local config file needs no table, so no region either.
        String region = configuredRegion
                .or(() -> localConfig.map(file -> ""))
                .orElseThrow(() -> new IllegalArgumentException(REGION_VARIABLE
                        + " is not set: Lambda sets it; for a local run set the environment variable "
                        + REGION_VARIABLE + " (or the system property aws.region) to the config table's region"));
        Optional<URI> endpoint = environment
                .variable(ENDPOINT_VARIABLE)
                .or(() -> environment.property(ENDPOINT_PROPERTY))
                .map(RuntimeSettings::endpoint);
        Duration ttl =
                environment.variable(TTL_VARIABLE).map(RuntimeSettings::ttl).orElse(DEFAULT_TTL);
        MissingRecordPolicy missing = environment
                .variable(MISSING_VARIABLE)
                .map(MissingRecordPolicy::parse)
                .orElse(MissingRecordPolicy.EMPTY);
        return new RuntimeSettings(table, region, endpoint, ttl, missing, localConfig);
    }

    private static URI endpoint(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                ENDPOINT_VARIABLE + " (or -D" + ENDPOINT_PROPERTY + ") is not an http(s) URL: '" + text
                        + "'; set it to the DynamoDB endpoint, for example http://127.0.0.1:8000, or unset it");
    }

    private static Duration ttl(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TTL_VARIABLE + " '" + text + "' is " + e.getMessage()
                    + ": set it to a duration (" + Durations.SPELLINGS + "), or 0s to read on every invocation");
        }
    }
}
