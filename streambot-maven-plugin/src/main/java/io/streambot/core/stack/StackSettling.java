package io.streambot.core.stack;

import io.streambot.core.Events;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Waiting for a stack to settle after an execute or a delete, streaming its events as they come, and the failure
 * that names the first failed resource.
 */
final class StackSettling {
    private final CfnCalls calls;
    private final Events events;

    StackSettling(CfnCalls calls, Events events) {
        this.calls = calls;
        this.events = events;
    }

    void deleteAndWait(Stack stack) {
        String name = stack.stackName();
        StackEventStream stream = CfnCalls.call(
                "DescribeStackEvents",
                name,
                () -> StackEventStream.startingNow(calls.client(), stack.stackId(), calls.polling()));
        CfnCalls.call("DeleteStack", name, () -> calls.client().deleteStack(b -> b.stackName(stack.stackId())));
        Stack gone = waitUntilSettled(name, stack.stackId(), stream, stack);
        if (gone != null && gone.stackStatus() != StackStatus.DELETE_COMPLETE) {
            throw failed(stack.stackName(), gone, stream);
        }
        events.info("Stack " + stack.stackName() + " deleted; creating it again");
    }

    /**
     * Polls the stack and its events until its status is final. A final status counts once the stack
     * has visibly moved since {@code before} (a status read right after the request may be stale).
     */
    Stack waitUntilSettled(String name, String stackId, StackEventStream stream, Stack before) {
        boolean moved = before == null;
        int polls = 0;
        while (true) {
            Stack stack = calls.describe(stackId);
            if (stack == null) {
                // Gone (deleted); some implementations forget a deleted stack's events too.
                return null;
            }
            for (StackEvent e : CfnCalls.call("DescribeStackEvents", name, stream::poll)) {
                events.info(StackEventStream.format(e));
                moved = true;
            }
            String status = stack.stackStatusAsString();
            boolean inProgress = status.endsWith("_IN_PROGRESS");
            moved |= inProgress
                    || (before != null
                            && (!status.equals(before.stackStatusAsString())
                                    || !Objects.equals(stack.lastUpdatedTime(), before.lastUpdatedTime())));
            if (!inProgress && (moved || ++polls > 3)) {
                return stack;
            }
            if (calls.polling().pastDeadline()) {
                throw new StackDeploymentException("Stack " + stack.stackName() + " is still " + status + " after "
                        + calls.polling().timeout()
                        + ": CloudFormation goes on; watch it in the console, raise <timeout>"
                        + " (-Dstreambot.timeout) and deploy again once it has settled");
            }
            calls.polling().pause();
        }
    }

    StackFailedException failed(String name, Stack stack, StackEventStream stream) {
        Optional<StackEvent> first = stream.firstFailure();
        String firstFailure = first.map(StackEventStream::describe).orElse(null);
        StringBuilder m =
                new StringBuilder("Stack ").append(name).append(" failed: ").append(stack.stackStatusAsString());
        if (firstFailure != null) {
            m.append("; first failure: ").append(firstFailure);
        } else if (stack.stackStatusReason() != null) {
            m.append(" (").append(stack.stackStatusReason()).append(')');
        }
        return new StackFailedException(m.toString(), stack.stackStatusAsString(), firstFailure);
    }
}
