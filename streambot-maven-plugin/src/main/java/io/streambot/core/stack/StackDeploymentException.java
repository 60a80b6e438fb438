package io.streambot.core.stack;

/**
 * A deployment could not go on because of the stack's state in the cloud or the wait: the stack is
 * busy in another operation, needs a manual step ({@code UPDATE_ROLLBACK_FAILED}), or the deadline
 * passed. The message says what to do.
 */
public class StackDeploymentException extends RuntimeException {
    public StackDeploymentException(String message) {
        super(message);
    }

    public StackDeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
