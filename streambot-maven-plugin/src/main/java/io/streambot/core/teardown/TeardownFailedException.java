package io.streambot.core.teardown;

/** CloudFormation could not delete the stack ({@code DELETE_FAILED}); the message names the first failure. */
public class TeardownFailedException extends RuntimeException {
    public TeardownFailedException(String message) {
        super(message);
    }
}
