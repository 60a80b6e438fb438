package io.streambot.providers.internal;

/** A provider's operation failed for a reason that is safe to show in the stack's events. */
public class ProviderException extends RuntimeException {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
