package io.streambot.core.env;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.runtime.EnvRecordRules;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired config values of one function, validated before anything is read or written by the one
 * set of record rules ({@link EnvRecordRules}) that {@code Custom::StreambotEnv} and the runtime apply
 * too: a function name or ARN (reduced to the name the runtime reads; a version or alias qualifier is
 * refused), key names in environment-variable style, and a record size well under DynamoDB's 400 KB
 * item limit.
 *
 * @param element the pom element the values came from, for error messages (e.g. {@code <env>} or
 *     {@code <functions><function>[orders]})
 */
public record FunctionEnv(String functionName, Map<String, String> env, String element) {
    /** The largest record put-env writes ({@link EnvRecordRules#MAX_RECORD_BYTES}). */
    public static final int MAX_RECORD_BYTES = EnvRecordRules.MAX_RECORD_BYTES;

    public FunctionEnv {
        env = new TreeMap<>(env == null ? Map.of() : env);
    }

    /**
     * @return this function's config with its name reduced to the plain function name
     * @throws InvalidConfigurationException naming the element, the key and the fix
     */
    public FunctionEnv validate() {
        if (functionName == null || functionName.isBlank()) {
            throw new InvalidConfigurationException(
                    "<functionName>",
                    "streambot.functionName",
                    null,
                    "is not set",
                    "name the Lambda function whose config this is, or list several under <functions>");
        }
        String name;
        try {
            name = EnvRecordRules.functionName(functionName);
        } catch (EnvRecordRules.Violation e) {
            throw new InvalidConfigurationException(
                    element.equals("<env>") ? "<functionName>" : element + " <name>",
                    "streambot.functionName",
                    functionName,
                    e.problem(),
                    e.fix());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String where = element + " key '" + e.getKey() + "' of function '" + name + "'";
            if (!EnvRecordRules.KEY.matcher(e.getKey()).matches()) {
                throw new InvalidConfigurationException(
                        where,
                        null,
                        null,
                        "is not an environment-variable name",
                        "use letters, digits and underscores, not starting with a digit, such as DATABASE_URL");
            }
            if (EnvRecordRules.keyProblem(e.getKey()).isPresent()) {
                throw new InvalidConfigurationException(
                        where,
                        null,
                        null,
                        "is longer than " + EnvRecordRules.MAX_KEY_LENGTH + " characters",
                        "use a shorter key");
            }
            if (e.getValue() == null) {
                throw new InvalidConfigurationException(
                        where, null, null, "has no value", "give it a string value, or remove the key");
            }
        }
        int size = estimatedItemBytes();
        if (size > MAX_RECORD_BYTES) {
            throw new InvalidConfigurationException(
                    element + " of function '" + name + "'",
                    null,
                    null,
                    "makes a config record of " + size + " bytes, over streambot's limit of " + MAX_RECORD_BYTES
                            + " bytes (DynamoDB items are limited to 400 KB)",
                    "keep large values (certificates, files) in S3 or SSM Parameter Store and put their names here");
        }
        return name.equals(functionName) ? this : new FunctionEnv(name, env, element);
    }

    /** The record's size as DynamoDB counts it ({@link EnvRecordRules#estimatedItemBytes}). */
    public int estimatedItemBytes() {
        return EnvRecordRules.estimatedItemBytes(functionName, env);
    }
}
