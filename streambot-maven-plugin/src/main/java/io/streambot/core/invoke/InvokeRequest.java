package io.streambot.core.invoke;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.env.FunctionEnv;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One local invocation of a bundled function.
 *
 * @param zip the Lambda zip (classes at the root, dependencies under {@code lib/})
 * @param handler the handler string, e.g. {@code com.example.Ingest::handleRequest}
 * @param event the event, a JSON file
 * @param functionName the function's name: the context's, and the key of its config record
 * @param timeout the function's timeout; the context counts down from it and the invocation fails after it
 * @param memoryMb the function's memory, for the context and the JVM's heap
 * @param region the function's region ({@code AWS_REGION}); required to read the config table, never
 *     defaulted; with {@code localConfig} and no region, the function gets {@value #LOCAL_REGION}
 * @param endpoint an AWS-compatible endpoint for the function's AWS calls ({@code STREAMBOT_ENDPOINT} and
 *     {@code AWS_ENDPOINT_URL}), or null for AWS itself
 * @param envTable the config table ({@code STREAMBOT_ENV_TABLE}), or null for the runtime's default
 * @param credentials access keys to give the function ({@code AWS_ACCESS_KEY_ID}...), or null to pass on the
 *     build's own AWS environment (profile, keys, config files)
 * @param profile an AWS profile to give the function ({@code AWS_PROFILE}), or null
 * @param environment more environment variables; they win over the ones above
 * @param workDirectory where the zip is unzipped and the harness is written (emptied first)
 * @param localConfig the config to serve the function instead of its record in the config table (what
 *     {@code put-env} would write), or null to read the table; its function name is {@code functionName}
 */
public record InvokeRequest(
        Path zip,
        HandlerString handler,
        Path event,
        String functionName,
        Duration timeout,
        int memoryMb,
        String region,
        URI endpoint,
        String envTable,
        Credentials credentials,
        String profile,
        Map<String, String> environment,
        Path workDirectory,
        FunctionEnv localConfig) {

    /** Lambda's limit on a function's timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    /** The function's {@code AWS_REGION} in a local run that names no region (Lambda always sets one). */
    public static final String LOCAL_REGION = "us-east-1";

    /** Access keys for the function. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", ****]";
        }
    }

    public InvokeRequest {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(workDirectory, "workDirectory");
        environment = Map.copyOf(environment == null ? Map.of() : new LinkedHashMap<>(environment));
    }

    /**
     * Checks what can be checked before anything runs.
     *
     * @throws InvalidConfigurationException naming the pom element, the property and the fix
     */
    public InvokeRequest validate() {
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new InvalidConfigurationException(
                    "<zip>",
                    "streambot.invoke.zip",
                    String.valueOf(zip),
                    "is not a file",
                    "run `mvn package` first (streambot:bundle builds the zip), or point <zip> at one");
        }
        if (event == null || !Files.isRegularFile(event)) {
            throw new InvalidConfigurationException(
                    "<event>",
                    "streambot.invoke.event",
                    String.valueOf(event),
                    "is not a file",
                    "give a JSON event file, such as src/test/resources/events/kinesis.json");
        }
        if (functionName == null || functionName.isBlank()) {
            throw new InvalidConfigurationException(
                    "<functionName>",
                    "streambot.functionName",
                    functionName,
                    "is empty",
                    "set it to the function's name (it keys the function's config record)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidConfigurationException(
                    "<timeout>",
                    "streambot.invoke.timeout",
                    timeout == null ? null : Long.toString(timeout.toSeconds()),
                    "is not between 1 and 900 seconds",
                    "set the function's timeout in seconds, as in its template");
        }
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new InvalidConfigurationException(
                    "<memorySize>",
                    "streambot.invoke.memorySize",
                    Integer.toString(memoryMb),
                    "is not between 128 and 10240 MB",
                    "set the function's memory in MB, as in its template");
        }
        if (localConfig != null) {
            localConfig.validate();
        } else if (region == null || region.isBlank()) {
            throw new InvalidConfigurationException(
                    "<region>",
                    "streambot.region",
                    null,
                    "is not set and the AWS chain gives no region",
                    "set the function's region (it becomes AWS_REGION), such as -Dstreambot.region=eu-west-1");
        }
        for (String name : environment.keySet()) {
            if (name.isBlank() || name.contains("=")) {
                throw new InvalidConfigurationException(
                        "<environment>",
                        null,
                        name,
                        "is not an environment variable name",
                        "use names such as MY_SETTING");
            }
        }
        return this;
    }
}
