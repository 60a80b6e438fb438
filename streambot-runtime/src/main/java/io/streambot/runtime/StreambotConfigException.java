package io.streambot.runtime;

import java.util.Optional;

/**
 * The function's streambot configuration could not be loaded, or a value the handler asked for is
 * missing or malformed. The message names the function (the record's key), the config table and,
 * where one is involved, the configuration key; it never contains a configuration value.
 *
 * <p>Thrown out of a wrapped handler, it fails the invocation; Lambda then logs it and retries or
 * reports the invocation as its event source dictates.
 */
public class StreambotConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String table;
    private final String key;

    /**
     * @param functionName the function whose record was read (the record's key)
     * @param table the config table
     * @param key the configuration key involved, or {@code null} when the whole record is concerned
     * @param message the complete message, naming the above and the cause
     * @param cause the underlying failure, or {@code null}
     */
    public StreambotConfigException(String functionName, String table, String key, String message, Throwable cause) {
        super(message, cause);
        this.functionName = functionName;
        this.table = table;
        this.key = key;
    }

    /** The function whose record was read: the record's key in the config table. */
    public String functionName() {
        return functionName;
    }

    /** The config table. */
    public String table() {
        return table;
    }

    /** The configuration key the handler asked for, when the failure concerns one key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
