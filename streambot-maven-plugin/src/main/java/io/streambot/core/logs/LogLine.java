package io.streambot.core.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log event of one function.
 *
 * @param function the function's logical id
 * @param timestamp when the function logged it
 * @param message the line, without its trailing newline
 */
public record LogLine(String function, Instant timestamp, String message) {
    /** The prefix of the streambot runtime's own lines (config loaded, refreshed, failed). */
    public static final String RUNTIME_PREFIX = "streambot: ";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Whether the streambot runtime wrote it. */
    public boolean fromRuntime() {
        return message.startsWith(RUNTIME_PREFIX) || message.contains("\t" + RUNTIME_PREFIX);
    }

    /** A runtime line that reports a failure (a config that could not be loaded or refreshed). */
    public boolean runtimeFailure() {
        return fromRuntime()
                && (message.contains("fail") || message.contains("could not") || message.contains("error"));
    }

    /**
     * {@code [Function] 08:00:01.123 message}, the logical id padded to {@code width}; the runtime's lines
     * are marked {@code ** streambot:} so they stand out among the function's own.
     */
    public String format(int width) {
        StringBuilder line = new StringBuilder("[").append(function).append(']');
        line.append(" ".repeat(Math.max(0, width - function.length())));
        line.append(' ').append(TIME.format(timestamp)).append(' ');
        if (fromRuntime()) {
            line.append("** ");
        }
        return line.append(message).toString();
    }
}
