package io.streambot.providers.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.providers.internal.InvalidPropertyException;
import io.streambot.providers.internal.ResourceProperties;
import io.streambot.runtime.EnvRecordRules;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated properties of a {@code Custom::StreambotEnv}: whose record, its values, and whether
 * to take over a record another writer owns. The rules are {@link EnvRecordRules}, the same as
 * {@code streambot:put-env}'s and the runtime's.
 */
record EnvProperties(String functionName, Map<String, String> values, boolean takeOwnership) {
    static final String FUNCTION_NAME = "FunctionName";
    /** Reserved: not a config value, but the switch to take over a record owned by put-env or another stack. */
    static final String TAKE_OWNERSHIP = "TakeOwnership";

    static EnvProperties from(ResourceProperties properties) {
        String functionName = functionName(properties.requiredString(FUNCTION_NAME));
        boolean takeOwnership = properties.optionalBoolean(TAKE_OWNERSHIP).orElse(false);
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.names()) {
            if (key.equals(FUNCTION_NAME)
                    || key.equals(TAKE_OWNERSHIP)
                    || ResourceProperties.CLOUDFORMATION_PROPERTIES.contains(key)) {
                continue;
            }
            Optional<String> problem = EnvRecordRules.keyProblem(key);
            if (problem.isPresent()) {
                throw new InvalidPropertyException(key, "a config key " + problem.get());
            }
            JsonNode value = properties.node().get(key);
            if (value == null || value.isNull() || !value.isValueNode()) {
                throw new InvalidPropertyException(
                        key, "a config value must be a string (or a number or boolean), not a list, object or null");
            }
            values.put(key, value.asText());
            Optional<String> size = EnvRecordRules.sizeProblem(functionName, values);
            if (size.isPresent()) {
                throw new InvalidPropertyException(key, "with this value the config " + size.get());
            }
        }
        return new EnvProperties(functionName, values, takeOwnership);
    }

    /** The function's name, also when the template passes its ARN ({@code Fn::GetAtt Function.Arn}). */
    static String functionName(String given) {
        try {
            return EnvRecordRules.functionName(given);
        } catch (EnvRecordRules.Violation e) {
            throw new InvalidPropertyException(
                    FUNCTION_NAME, e.problem() + "; " + e.fix() + ", e.g. {\"Ref\": \"YourFunction\"}");
        }
    }
}
