package io.streambot.core;

/**
 * Where the core reports what it does. The core never logs: it emits these events and the host (the
 * Maven plugin, a test) decides what to show. Implementations must be thread-safe.
 */
public interface Events {
    /** A line worth showing on a normal build. */
    void info(String message);

    /** Something the user should look at; the build goes on. */
    void warn(String message);

    /** Detail for {@code -X} builds. */
    void debug(String message);

    /**
     * Progress of a long task ({@code total} may be -1 when unknown). Hosts show it live only on an
     * interactive console and at most as a summary line otherwise.
     */
    default void progress(String task, long done, long total) {}

    /** Events that go nowhere. */
    static Events silent() {
        return new Events() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void debug(String message) {}
        };
    }
}
