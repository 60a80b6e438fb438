package io.streambot.core.teardown;

/** Teardown must not go ahead (termination protection, stacks that import the stack's exports); nothing was deleted. */
public class TeardownRefusedException extends RuntimeException {
    public TeardownRefusedException(String message) {
        super(message);
    }
}
