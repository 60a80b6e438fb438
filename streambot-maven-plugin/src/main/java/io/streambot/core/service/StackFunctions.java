package io.streambot.core.service;

import io.streambot.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * The Lambda functions of a deployed stack, found from the stack itself (ListStackResources, every
 * page), so no goal asks the user to type a function's generated name.
 */
public final class StackFunctions {
    public static final String FUNCTION_TYPE = "AWS::Lambda::Function";

    private StackFunctions() {}

    /**
     * @return the stack's functions that exist (have a physical id), in the stack's order
     * @throws StackNotFoundException when there is no such stack
     */
    public static List<DeployedFunction> of(CloudFormationClient cloudFormation, String stack) {
        List<DeployedFunction> functions = new ArrayList<>();
        try {
            for (StackResourceSummary r : cloudFormation
                    .listStackResourcesPaginator(b -> b.stackName(stack))
                    .stackResourceSummaries()) {
                if (FUNCTION_TYPE.equals(r.resourceType())
                        && r.physicalResourceId() != null
                        && !r.physicalResourceId().isBlank()
                        && !"DELETE_COMPLETE".equals(r.resourceStatusAsString())) {
                    functions.add(new DeployedFunction(r.logicalResourceId(), r.physicalResourceId()));
                }
            }
        } catch (AwsServiceException e) {
            if (StackNotFoundException.means(e)) {
                throw new StackNotFoundException(stack, e);
            }
            throw e;
        }
        return List.copyOf(functions);
    }

    /**
     * The one function a goal acts on: the one named by {@code logicalId}, else the stack's only one.
     *
     * @param element the pom element that names a logical id, for the message
     * @param property its {@code -D} property
     * @throws InvalidConfigurationException when the name matches none, or none is named and there are
     *     several, listing the logical ids
     */
    public static DeployedFunction pick(
            List<DeployedFunction> functions, String logicalId, String stack, String element, String property) {
        List<String> ids = functions.stream().map(DeployedFunction::logicalId).toList();
        if (logicalId != null && !logicalId.isBlank()) {
            return functions.stream()
                    .filter(f -> f.logicalId().equals(logicalId.trim())
                            || f.physicalId().equals(logicalId.trim()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidConfigurationException(
                            element,
                            property,
                            logicalId,
                            "names no function of stack " + stack,
                            "use one of its functions' logical ids: "
                                    + (ids.isEmpty() ? "(none)" : String.join(", ", ids))));
        }
        if (functions.size() == 1) {
            return functions.get(0);
        }
        throw new InvalidConfigurationException(
                element,
                property,
                null,
                functions.isEmpty()
                        ? "is not set and stack " + stack + " has no AWS::Lambda::Function"
                        : "is not set and stack " + stack + " has " + functions.size() + " functions",
                functions.isEmpty()
                        ? "deploy the service's stack first (streambot:deploy-stack)"
                        : "name one by its logical id: " + String.join(", ", ids));
    }
}
