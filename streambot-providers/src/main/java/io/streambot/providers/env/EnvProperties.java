package io.streambot.providers.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.providers.internal.InvalidPropertyException;
import io.streambot.providers.internal.ResourceProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The validated properties of a {@code Custom::StreambotEnv}: whose record, and its values. */
record EnvProperties(String functionName, Map<String, String> values) {
    static final String FUNCTION_NAME = "FunctionName";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]{1,64})");
    static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_BYTES = 32 * 1024;
    /** Below DynamoDB's 400 KB item limit, with room for the record's other attributes. */
    static final int MAX_TOTAL_BYTES = 350 * 1024;

    static EnvProperties from(ResourceProperties properties) {
        String functionName = functionName(properties.requiredString(FUNCTION_NAME));
        Map<String, String> values = new TreeMap<>();
        long total = 0;
        for (String key : properties.names()) {
            if (key.equals(FUNCTION_NAME) || ResourceProperties.CLOUDFORMATION_PROPERTIES.contains(key)) {
                continue;
            }
            if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
                throw new InvalidPropertyException(
                        key,
                        "a config key must start with a letter, contain only letters, digits and '_', and be at most "
                                + MAX_KEY_LENGTH + " characters long");
            }
            JsonNode value = properties.node().get(key);
            if (value == null || value.isNull() || !value.isValueNode()) {
                throw new InvalidPropertyException(
                        key, "a config value must be a string (or a number or boolean), not a list, object or null");
            }
            String text = value.asText();
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw new InvalidPropertyException(
                        key,
                        "the value is " + bytes + " bytes long; a config value may have at most " + MAX_VALUE_BYTES);
            }
            total += bytes + key.length();
            if (total > MAX_TOTAL_BYTES) {
                throw new InvalidPropertyException(
                        key,
                        "with this value the config record exceeds " + MAX_TOTAL_BYTES
                                + " bytes; keep large data in S3 and put its location in the config");
            }
            values.put(key, text);
        }
        return new EnvProperties(functionName, values);
    }

    /** The function's name, also when the template passes its ARN ({@code Fn::GetAtt Function.Arn}). */
    static String functionName(String given) {
        if (NAME.matcher(given).matches()) {
            return given;
        }
        Matcher arn = ARN.matcher(given);
        if (arn.matches()) {
            return arn.group(1);
        }
        throw new InvalidPropertyException(
                FUNCTION_NAME,
                "must be a Lambda function name (letters, digits, '-' and '_', at most 64) or an unqualified"
                        + " function ARN; use {\"Ref\": \"YourFunction\"}");
    }

    static boolean isFunctionName(String text) {
        return NAME.matcher(text).matches();
    }
}
