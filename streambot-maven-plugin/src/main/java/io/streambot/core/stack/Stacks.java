package io.streambot.core.stack;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Reading one stack, shared by deploy, hotswap and teardown. */
public final class Stacks {
    private Stacks() {}

    /**
     * The stack by name or id, through {@code polling}'s throttling backoff, or null when CloudFormation says it
     * does not exist.
     *
     * @throws AwsServiceException any other answer of DescribeStacks, for the caller to name its operation
     */
    public static Stack describeOrNull(CloudFormationClient cloudFormation, Polling polling, String stack) {
        try {
            List<Stack> stacks = polling.read(() -> cloudFormation.describeStacks(b -> b.stackName(stack)))
                    .stacks();
            return stacks.isEmpty() ? null : stacks.get(0);
        } catch (AwsServiceException e) {
            String message =
                    e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                return null;
            }
            throw e;
        }
    }
}
