package io.streambot.core.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;

/**
 * What a change set will do, once CloudFormation has computed it: one line per resource with the
 * action and whether it is replaced. A change set that FAILED because there is nothing to change is
 * {@link #empty()}, not an error.
 */
public record ChangeSetPlan(String changeSetId, String status, String statusReason, List<PlannedChange> changes) {

    /** One resource's planned change; {@code replacement} is yes/no/conditional, or null for Add/Remove. */
    public record PlannedChange(String logicalId, String type, String action, String replacement) {
        public String line() {
            return String.format(
                    "  %-8s %s (%s)%s",
                    action, logicalId, type, replacement == null ? "" : " replacement: " + replacement);
        }
    }

    /** Waits until the change set is computed (or failed) and reads all its pages of changes. */
    static ChangeSetPlan await(
            CloudFormationClient cloudFormation, String changeSetId, String stackName, Polling polling) {
        while (true) {
            DescribeChangeSetResponse first = polling.read(() -> cloudFormation.describeChangeSet(
                    b -> b.changeSetName(changeSetId).stackName(stackName)));
            ChangeSetStatus status = first.status();
            if (status == ChangeSetStatus.CREATE_COMPLETE || status == ChangeSetStatus.FAILED) {
                List<PlannedChange> changes = new ArrayList<>();
                add(changes, first.changes());
                String token = first.nextToken();
                while (token != null && !token.isEmpty()) {
                    String next = token;
                    DescribeChangeSetResponse page = polling.read(() -> cloudFormation.describeChangeSet(b ->
                            b.changeSetName(changeSetId).stackName(stackName).nextToken(next)));
                    add(changes, page.changes());
                    token = page.nextToken();
                }
                return new ChangeSetPlan(
                        changeSetId,
                        first.statusAsString(),
                        first.statusReason(),
                        Collections.unmodifiableList(changes));
            }
            if (polling.pastDeadline()) {
                throw new StackDeploymentException("Change set " + changeSetId + " of stack " + stackName + " is still "
                        + first.statusAsString() + " after " + polling.timeout()
                        + ": raise <timeout> or look at it in the CloudFormation console");
            }
            polling.pause();
        }
    }

    private static void add(List<PlannedChange> into, List<Change> changes) {
        for (Change c : changes) {
            ResourceChange r = c.resourceChange();
            if (r == null) {
                continue;
            }
            String replacement = r.replacement() == null || r.replacementAsString() == null
                    ? null
                    : switch (r.replacementAsString()) {
                        case "True" -> "yes";
                        case "False" -> "no";
                        case "Conditional" -> "conditional";
                        default -> r.replacementAsString().toLowerCase(Locale.ROOT);
                    };
            into.add(new PlannedChange(r.logicalResourceId(), r.resourceType(), r.actionAsString(), replacement));
        }
    }

    public boolean failed() {
        return ChangeSetStatus.FAILED.toString().equals(status);
    }

    /** True when CloudFormation found nothing to change ("didn't contain changes", "No updates are to be performed"). */
    public boolean empty() {
        if (!failed()) {
            return false;
        }
        return statusReason != null && meansNoChanges(statusReason);
    }

    /** Whether CloudFormation's {@code reason} says that there is nothing to change. */
    static boolean meansNoChanges(String reason) {
        return reason.contains("didn't contain changes")
                || reason.contains("No updates are to be performed")
                || reason.contains("does not contain changes");
    }
}
