package io.streambot.core.stack;

import io.streambot.core.aws.AwsErrors;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** CloudFormation calls of a deployment: a failure names the operation and the stack. */
final class CfnCalls {
    private final CloudFormationClient cloudFormation;
    private final Polling polling;

    CfnCalls(CloudFormationClient cloudFormation, Polling polling) {
        this.cloudFormation = cloudFormation;
        this.polling = polling;
    }

    CloudFormationClient client() {
        return cloudFormation;
    }

    Polling polling() {
        return polling;
    }

    /** Runs one CloudFormation call; a failure names the operation and the stack. */
    static <T> T call(String operation, String stack, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsErrors.translate("call " + operation, "stack " + stack, e);
        }
    }

    /** The stack by name or id, or null when there is none. */
    Stack describe(String stack) {
        return call("DescribeStacks", stack, () -> Stacks.describeOrNull(cloudFormation, polling, stack));
    }
}
