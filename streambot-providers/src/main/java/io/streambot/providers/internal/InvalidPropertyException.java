package io.streambot.providers.internal;

/**
 * A custom-resource property (or request field) that is missing or wrong. The message names the
 * property and the expected form but never repeats the value, which may be a secret.
 */
public final class InvalidPropertyException extends RuntimeException {
    private final String property;

    public InvalidPropertyException(String property, String problem) {
        super("Invalid property '" + property + "': " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
