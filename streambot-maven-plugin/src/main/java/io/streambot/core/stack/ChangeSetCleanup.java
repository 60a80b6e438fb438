package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsCallException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

/**
 * Cleanup of a deploy that stops before executing its change set: the change set is deleted and, when this run's
 * CREATE change set made the stack, that empty {@code REVIEW_IN_PROGRESS} stack too. Best effort: what cannot be
 * deleted is reported as {@code LEFT BEHIND} with the command that removes it, and never hides the failure that led
 * here.
 */
final class ChangeSetCleanup {
    private static final String LEFT_BEHIND = "LEFT BEHIND: ";

    private final CfnCalls calls;
    private final Events events;

    ChangeSetCleanup(CfnCalls calls, Events events) {
        this.calls = calls;
        this.events = events;
    }

    /**
     * After CreateChangeSet failed: whether it made the change set (and, for a new stack, the stack)
     * anyway, as an answer lost on the way back can hide. The change set's name is unique to this run, so
     * finding it proves this run made it. Deletes what it finds; returns what it did, for the message.
     */
    String afterFailedCreate(String name, String changeSetName, boolean stackIsOurs) {
        DescribeChangeSetResponse found;
        try {
            found = calls.client()
                    .describeChangeSet(b -> b.changeSetName(changeSetName).stackName(name));
        } catch (AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            if (e.statusCode() == 404
                    || "ChangeSetNotFound".equals(code)
                    || "ChangeSetNotFoundException".equals(code)
                    || (message != null && message.contains("does not exist"))) {
                return null;
            }
            return couldNotCheck(name, changeSetName, stackIsOurs, e);
        } catch (SdkException e) {
            return couldNotCheck(name, changeSetName, stackIsOurs, e);
        }
        return discard(name, found.changeSetId(), stackIsOurs ? found.stackId() : null);
    }

    private static String couldNotCheck(String name, String changeSetName, boolean stackIsOurs, SdkException e) {
        return "could not check whether change set " + changeSetName + " was made anyway (" + e.getMessage()
                + "): look for it with `aws cloudformation list-change-sets --stack-name " + name + "`"
                + (stackIsOurs
                        ? " and, if stack " + name + " is in REVIEW_IN_PROGRESS, delete it (`aws cloudformation"
                                + " delete-stack --stack-name " + name + "`)"
                        : " and delete it");
    }

    /**
     * Deletes a change set that will not be executed and, when {@code ourStackId} is set, the empty
     * REVIEW_IN_PROGRESS stack this run's CREATE change set made. Best effort: never hides the failure
     * that led here.
     *
     * @return what was deleted, or what is left and how to remove it
     */
    String discard(String name, String changeSetId, String ourStackId) {
        StringBuilder note = new StringBuilder();
        try {
            calls.client().deleteChangeSet(b -> b.changeSetName(changeSetId).stackName(name));
            note.append("change set ").append(changeSetId).append(" deleted");
        } catch (SdkException e) {
            note.append(LEFT_BEHIND)
                    .append("change set ")
                    .append(changeSetId)
                    .append(" could not be deleted (")
                    .append(e.getMessage())
                    .append("): `aws cloudformation delete-change-set --stack-name ")
                    .append(name)
                    .append(" --change-set-name ")
                    .append(changeSetId)
                    .append('`');
        }
        if (ourStackId != null) {
            try {
                calls.client().deleteStack(b -> b.stackName(ourStackId));
                note.append("; the empty stack ").append(name).append(" this deploy created was deleted");
            } catch (SdkException e) {
                note.append("; ")
                        .append(LEFT_BEHIND)
                        .append("the empty stack ")
                        .append(name)
                        .append(" (REVIEW_IN_PROGRESS) this deploy created could not be deleted (")
                        .append(e.getMessage())
                        .append("): `aws cloudformation delete-stack --stack-name ")
                        .append(name)
                        .append('`');
            }
        }
        return note.toString();
    }

    void warnIfLeft(String note) {
        if (note.contains(LEFT_BEHIND)) {
            events.warn(note);
        }
    }

    /** {@code e} with what the cleanup after it did; the cleanup is also reported as an event. */
    RuntimeException withNote(RuntimeException e, String note) {
        if (note == null || note.isEmpty()) {
            return e;
        }
        if (note.contains(LEFT_BEHIND)) {
            events.warn(note);
        } else {
            events.info("Cleaned up after the failure: " + note);
        }
        String message = e.getMessage() + " (" + note + ")";
        if (e instanceof AwsCallException a) {
            return new AwsCallException(message, a.errorCode(), a.statusCode(), a.getCause());
        }
        if (e instanceof StackFailedException f) {
            return new StackFailedException(message, f.finalStatus(), f.firstFailure());
        }
        if (e instanceof StackDeploymentException) {
            return new StackDeploymentException(message, e.getCause());
        }
        return e;
    }
}
