package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The template's parameter values for a deploy: the given ones, the uploaded code and the primary stack's outputs
 * ({@link TemplateParameters#resolve}); on an update, a parameter not given keeps its previous value.
 */
final class StackParameterResolution {
    private final CfnCalls calls;
    private final Events events;

    StackParameterResolution(CfnCalls calls, Events events) {
        this.calls = calls;
        this.events = events;
    }

    /**
     * @param deployed the stack being updated, or null for a create
     * @throws InvalidConfigurationException a parameter has no value (named with its pom element and the fix)
     */
    TemplateParameters.Resolved resolve(DeployRequest request, Stack deployed) {
        Set<String> previous = new HashSet<>();
        if (deployed != null) {
            deployed.parameters().forEach(p -> previous.add(p.parameterKey()));
        }
        TemplateParameters.Resolved parameters = TemplateParameters.resolve(
                request.template(), request.parameters(), request.code(), primaryOutputs(request), previous);
        parameters.automatic().forEach((k, v) -> events.info("Parameter " + k + " = " + v + " (automatic)"));
        return parameters;
    }

    private Map<String, String> primaryOutputs(DeployRequest request) {
        Set<String> needed = TemplateParameters.neededFromPrimaryStack(request.template(), request.parameters());
        if (needed.isEmpty()) {
            return Map.of();
        }
        if (request.primaryOutputs() != null) {
            return request.primaryOutputs();
        }
        String primary = request.primaryStackName();
        Stack stack = calls.describe(primary);
        Map<String, String> outputs =
                stack == null ? Map.of() : StackOutputs.of(stack).outputs();
        for (String parameter : needed) {
            if (TemplateParameters.fromPrimaryOutputs(parameter, outputs) == null) {
                String problem = stack == null
                        ? "is not set and the primary streambot stack " + primary + " does not exist"
                        : "is not set and the primary streambot stack " + primary + " (" + stack.stackStatusAsString()
                                + ") has no output "
                                + TemplateParameters.FROM_PRIMARY_STACK
                                        .get(parameter)
                                        .get(0);
                throw new InvalidConfigurationException(
                        "<parameters><" + parameter + ">",
                        "streambot.parameter." + parameter,
                        null,
                        problem,
                        "deploy the primary stack with -Dstreambot.primaryStack=true (or <deployPrimaryStack>),"
                                + " point <primaryStackName> at yours, or set <parameters><" + parameter + ">");
            }
        }
        return outputs;
    }
}
