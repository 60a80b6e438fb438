package io.streambot.core.stack;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Whether a deployed stack can be deployed now: a busy stack or one that needs a manual step stops here, one left in
 * {@code ROLLBACK_COMPLETE} by a failed first create is to be deleted and created again.
 */
final class DeployableStatus {
    /** Statuses of a stack that is settled and was (at some point) deployed successfully. */
    static final Set<StackStatus> STABLE = EnumSet.of(
            StackStatus.CREATE_COMPLETE,
            StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE,
            StackStatus.IMPORT_COMPLETE,
            StackStatus.IMPORT_ROLLBACK_COMPLETE);

    private DeployableStatus() {}

    /**
     * @return true when the stack must be deleted and created again
     * @throws StackDeploymentException the stack is busy or needs a manual step first (the message says which)
     */
    static boolean needsRecreate(Stack stack) {
        StackStatus status = stack.stackStatus();
        String name = stack.stackName();
        if (status == StackStatus.ROLLBACK_COMPLETE) {
            return true;
        }
        if (status == StackStatus.REVIEW_IN_PROGRESS) {
            return false;
        }
        String raw = stack.stackStatusAsString();
        if (raw.endsWith("_IN_PROGRESS")) {
            throw new StackDeploymentException("Stack " + name + " is busy (" + raw + ") in another operation:"
                    + " wait until it finishes (aws cloudformation wait stack-update-complete --stack-name " + name
                    + " or watch it in the console), then deploy again");
        }
        switch (status) {
            case UPDATE_ROLLBACK_FAILED:
                throw new StackDeploymentException("Stack " + name + " is in UPDATE_ROLLBACK_FAILED ("
                        + Objects.toString(stack.stackStatusReason(), "no reason given") + "): fix the cause, run"
                        + " `aws cloudformation continue-update-rollback --stack-name " + name
                        + "`, then deploy again");
            case ROLLBACK_FAILED, DELETE_FAILED, CREATE_FAILED:
                throw new StackDeploymentException("Stack " + name + " is in " + raw + " ("
                        + Objects.toString(stack.stackStatusReason(), "no reason given") + ") and cannot be"
                        + " updated: delete it (`aws cloudformation delete-stack --stack-name " + name
                        + "`), then deploy again");
            default:
                return false;
        }
    }
}
