package io.streambot.core.stack;

import io.streambot.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * The parameter values a deployment sends: the user's, then the automatic ones for parameters the
 * template declares and the user did not set (code location from {@code upload}, the primary stack's
 * function ARNs and table name), then, on update, the deployed stack's previous values. Checks, before
 * any call, that every given name is declared and that every parameter without a default gets a value.
 */
public final class TemplateParameters {
    public static final String CODE_BUCKET = PrimaryStackTemplate.CODE_BUCKET;
    public static final String CODE_KEY = PrimaryStackTemplate.CODE_KEY;
    public static final String CODE_VERSION = PrimaryStackTemplate.CODE_VERSION;

    /**
     * The parameters filled from the primary stack's outputs, each with the output keys accepted for
     * it, preferred first.
     */
    public static final Map<String, List<String>> FROM_PRIMARY_STACK = Map.of(
            PrimaryStackTemplate.ENV_FUNCTION_ARN, List.of(PrimaryStackTemplate.ENV_FUNCTION_ARN, "EnvFunctionArn"),
            PrimaryStackTemplate.CONNECTOR_FUNCTION_ARN,
                    List.of(PrimaryStackTemplate.CONNECTOR_FUNCTION_ARN, "ConnectorFunctionArn"),
            PrimaryStackTemplate.CONFIG_TABLE_NAME,
                    List.of(PrimaryStackTemplate.CONFIG_TABLE_NAME, "EnvTableName", "TableName"));

    /** The values to send, and the names whose previous value is kept ({@code UsePreviousValue}). */
    public record Resolved(Map<String, String> values, Set<String> keepPrevious, Map<String, String> automatic) {
        public List<Parameter> toSdk() {
            List<Parameter> result = new ArrayList<>();
            values.forEach((k, v) -> result.add(
                    Parameter.builder().parameterKey(k).parameterValue(v).build()));
            keepPrevious.forEach(k -> result.add(
                    Parameter.builder().parameterKey(k).usePreviousValue(true).build()));
            return result;
        }
    }

    private TemplateParameters() {}

    /**
     * @throws InvalidConfigurationException naming {@code <parameters>} and every name the template does
     *     not declare
     */
    public static void checkNames(StackTemplate template, Map<String, String> given) {
        List<String> unknown = given.keySet().stream()
                .filter(n -> !template.parameters().containsKey(n))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException(
                    "<parameters>",
                    "streambot.parameter." + unknown.get(0),
                    String.join(", ", unknown),
                    (unknown.size() == 1 ? "names a parameter" : "name parameters") + " that " + template.name()
                            + " does not declare",
                    "remove " + (unknown.size() == 1 ? "it" : "them") + " or fix the spelling; declared: "
                            + (template.parameters().isEmpty()
                                    ? "none"
                                    : String.join(", ", template.parameters().keySet())));
        }
    }

    /** The declared parameters that come from the primary stack's outputs and the user did not set. */
    public static Set<String> neededFromPrimaryStack(StackTemplate template, Map<String, String> given) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : template.parameters().keySet()) {
            if (FROM_PRIMARY_STACK.containsKey(name) && !given.containsKey(name)) {
                result.add(name);
            }
        }
        return result;
    }

    /** The value for {@code parameter} among a primary stack's outputs, or null. */
    public static String fromPrimaryOutputs(String parameter, Map<String, String> outputs) {
        for (String key : FROM_PRIMARY_STACK.getOrDefault(parameter, List.of())) {
            String v = outputs.get(key);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * @param given the user's values
     * @param code the uploaded code, or null
     * @param primaryOutputs the primary stack's outputs (empty when not needed)
     * @param previous the names of the deployed stack's parameters (empty for a create)
     * @throws InvalidConfigurationException naming {@code <parameters>} and every parameter without a value
     */
    public static Resolved resolve(
            StackTemplate template,
            Map<String, String> given,
            CodeLocation code,
            Map<String, String> primaryOutputs,
            Set<String> previous) {
        checkNames(template, given);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> automatic = new LinkedHashMap<>();
        Set<String> keepPrevious = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (StackTemplate.Parameter p : template.parameters().values()) {
            String name = p.name();
            String value = given.get(name);
            if (value == null) {
                value = automatic(name, code, primaryOutputs);
                if (value != null) {
                    automatic.put(name, value);
                }
            }
            if (value != null) {
                values.put(name, value);
            } else if (previous.contains(name)) {
                keepPrevious.add(name);
            } else if (!p.hasDefault()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            boolean code_ = missing.stream().anyMatch(n -> n.startsWith("Code"));
            throw new InvalidConfigurationException(
                    "<parameters>",
                    "streambot.parameter." + missing.get(0),
                    null,
                    "gives no value for " + String.join(", ", missing) + " (declared by " + template.name()
                            + " without a Default)",
                    "set <parameters><" + missing.get(0) + ">...</" + missing.get(0)
                            + "></parameters> or -Dstreambot.parameter."
                            + missing.get(0) + "=..."
                            + (code_
                                    ? "; CodeBucket/CodeKey/CodeVersion are filled by the upload goal: run it first"
                                            + " (mvn deploy runs upload before deploy-stack)"
                                    : ""));
        }
        return new Resolved(
                Collections.unmodifiableMap(values),
                Collections.unmodifiableSet(keepPrevious),
                Collections.unmodifiableMap(automatic));
    }

    private static String automatic(String name, CodeLocation code, Map<String, String> primaryOutputs) {
        if (code != null) {
            switch (name) {
                case CODE_BUCKET:
                    return code.bucket();
                case CODE_KEY:
                    return code.key();
                case CODE_VERSION:
                    return code.version();
                default:
                    break;
            }
        }
        return fromPrimaryOutputs(name, primaryOutputs);
    }
}
