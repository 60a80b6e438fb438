package io.streambot.core.teardown;

import io.streambot.core.InvalidConfigurationException;
import java.util.regex.Pattern;

/**
 * What {@code streambot:teardown} removes.
 *
 * @param stackName the service's stack
 * @param envTable the config table whose records put-env wrote for the stack's functions
 * @param deleteConfig delete those records
 * @param bucket the code bucket
 * @param codePrefix the key prefix of the service's code objects, {@code <prefix>/<artifactId>/}
 * @param deleteCode delete the objects under {@code codePrefix} that no other stack's parameters name
 * @param dryRun list what would go, delete nothing
 */
public record TeardownRequest(
        String stackName,
        String envTable,
        boolean deleteConfig,
        String bucket,
        String codePrefix,
        boolean deleteCode,
        boolean dryRun) {
    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]{0,127}");

    /**
     * @throws InvalidConfigurationException naming the pom element and the fix, before any call
     */
    public TeardownRequest validate() {
        if (stackName == null || !STACK_NAME.matcher(stackName).matches()) {
            throw new InvalidConfigurationException(
                    "<stackName>",
                    "streambot.stack",
                    stackName,
                    "is not a CloudFormation stack name",
                    "use letters, digits and hyphens, starting with a letter, at most 128 characters");
        }
        if (deleteConfig && (envTable == null || envTable.isBlank())) {
            throw new InvalidConfigurationException(
                    "<envTable>",
                    "streambot.envTable",
                    envTable,
                    "is empty",
                    "name the config table, or keep the records with -Dstreambot.teardown.config=false");
        }
        if (deleteCode && (bucket == null || bucket.isBlank())) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    null,
                    "is not set, so the service's code objects cannot be found",
                    "set <bucket> to the code bucket, or keep the code with -Dstreambot.teardown.code=false");
        }
        if (deleteCode && (codePrefix == null || !codePrefix.endsWith("/") || codePrefix.equals("/"))) {
            throw new InvalidConfigurationException(
                    "<prefix>",
                    "streambot.prefix",
                    codePrefix,
                    "does not give a folder of its own for the service's code",
                    "keep the default prefix (streambot), or keep the code with -Dstreambot.teardown.code=false");
        }
        return this;
    }
}
