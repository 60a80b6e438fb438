package io.streambot.core.env;

import io.streambot.core.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The desired config values of one function, validated before anything is read or written: key
 * names in environment-variable style, values as strings, and a record size well under DynamoDB's
 * 400 KB item limit.
 *
 * @param element the pom element the values came from, for error messages (e.g. {@code <env>} or
 *     {@code <functions><function>[orders]})
 */
public record FunctionEnv(String functionName, Map<String, String> env, String element) {
    /**
     * The largest record put-env writes: well under DynamoDB's 400 KB item limit, leaving room for
     * other attributes and the versioning round-trip.
     */
    public static final int MAX_RECORD_BYTES = 300 * 1024;

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:)?[a-zA-Z0-9_-]{1,140}(:[$a-zA-Z0-9_-]+)?");

    public FunctionEnv {
        env = new TreeMap<>(env == null ? Map.of() : env);
    }

    /**
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
        if (!FUNCTION_NAME.matcher(functionName).matches()) {
            throw new InvalidConfigurationException(
                    element + " <name>",
                    "streambot.functionName",
                    functionName,
                    "is not a Lambda function name",
                    "use 1-64 letters, digits, hyphens and underscores, as in the function's FunctionName");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw new InvalidConfigurationException(
                        element + " key '" + e.getKey() + "' of function '" + functionName + "'",
                        null,
                        null,
                        "is not an environment-variable name",
                        "use letters, digits and underscores, not starting with a digit, such as DATABASE_URL");
            }
            if (e.getValue() == null) {
                throw new InvalidConfigurationException(
                        element + " key '" + e.getKey() + "' of function '" + functionName + "'",
                        null,
                        null,
                        "has no value",
                        "give it a string value, or remove the key");
            }
        }
        int size = estimatedItemBytes();
        if (size > MAX_RECORD_BYTES) {
            throw new InvalidConfigurationException(
                    element + " of function '" + functionName + "'",
                    null,
                    null,
                    "makes a config record of " + size + " bytes, over streambot's limit of " + MAX_RECORD_BYTES
                            + " bytes (DynamoDB items are limited to 400 KB)",
                    "keep large values (certificates, files) in S3 or SSM Parameter Store and put their names here");
        }
        return this;
    }

    /**
     * The record's size as DynamoDB counts it (UTF-8 names and values, 3 bytes per map plus 1 per
     * entry), with fixed allowances for the number and time attributes.
     */
    public int estimatedItemBytes() {
        int size = utf8("name") + utf8(functionName);
        size += utf8("env") + 3;
        for (Map.Entry<String, String> e : env.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue() == null ? "" : e.getValue()) + 1;
        }
        size += utf8("version") + 21;
        size += utf8("updatedAt") + 40;
        size += utf8("updatedBy") + 64;
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
