package io.streambot.core.bundle;

/**
 * The bundle would be wrong for Lambda (a native for another platform, a missing native, too big, a
 * handler that is not there): the message names the dependency or the parameter and the fix.
 * Nothing is written when it is thrown.
 */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }
}
