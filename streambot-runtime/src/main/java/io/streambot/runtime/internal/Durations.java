package io.streambot.runtime.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the two duration spellings streambot accepts: ISO-8601 ({@code PT30S}) and {@code 30s}/{@code 5m} style. */
public final class Durations {
    /** How the accepted spellings are described in error messages. */
    public static final String SPELLINGS = "ISO-8601 like PT30S, or a number with a unit: 250ms, 30s, 5m, 2h, 1d";

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * The duration spelled by {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is neither spelling, or negative
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            try {
                long amount = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("the number is too large");
            }
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration (" + SPELLINGS + ")");
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a negative duration");
        }
        return d;
    }
}
