package io.streambot.core.stack;

/**
 * CloudFormation rejected the template or the change, or the stack rolled back: the template (or a
 * custom resource it uses) is at fault. Carries the stack's final status and the first failed
 * resource's reason.
 */
public class StackFailedException extends RuntimeException {
    private final String finalStatus;
    private final String firstFailure;

    public StackFailedException(String message, String finalStatus, String firstFailure) {
        super(message);
        this.finalStatus = finalStatus;
        this.firstFailure = firstFailure;
    }

    /** The stack's status at the end, or null when it never changed. */
    public String finalStatus() {
        return finalStatus;
    }

    /** "LogicalId (Type) STATUS: reason" of the first failed resource, or null. */
    public String firstFailure() {
        return firstFailure;
    }
}
