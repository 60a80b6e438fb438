package io.streambot.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration parser of streambot, shared by the runtime ({@link StreambotEnv#getDuration},
 * {@code STREAMBOT_ENV_TTL}) and the Maven plugin ({@code <timeout>}, {@code <pollInterval>},
 * {@code <apiCallTimeout>}). It reads ISO-8601 ({@code PT30S}) or a number with a unit ({@code 250ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}); a bare number is refused, since nobody can tell
 * whether {@code 30} meant seconds or milliseconds. Negative durations are always refused, zero where
 * the caller says it makes no sense.
 */
public final class Durations {
    /** How the accepted spellings are described in error messages. */
    public static final String SPELLINGS = "ISO-8601 like PT30S, or a number with a unit: 250ms, 30s, 5m, 2h, 1d";

    /** Which durations a setting accepts besides its spelling. */
    public enum Allowed {
        /** Zero is meaningful (e.g. "no caching"). */
        ZERO_OR_MORE,
        /** Zero makes no sense (a timeout, an interval between polls). */
        POSITIVE
    }

    /**
     * A value that is not a duration the setting accepts; {@link #getMessage()} is the problem, to follow
     * "is" ("not a duration (...)", "negative", "zero", "too large").
     */
    public static final class InvalidDurationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidDurationException(String problem) {
            super(problem);
        }
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * The duration spelled by {@code text}, zero or more.
     *
     * @throws InvalidDurationException if {@code text} is neither spelling, or negative
     */
    public static Duration parse(String text) {
        return parse(text, Allowed.ZERO_OR_MORE);
    }

    /**
     * The duration spelled by {@code text}, within what {@code allowed} accepts.
     *
     * @throws InvalidDurationException if {@code text} is neither spelling, negative, or zero when
     *     {@code allowed} is {@link Allowed#POSITIVE}
     */
    public static Duration parse(String text, Allowed allowed) {
        if (text == null || text.isBlank()) {
            throw new InvalidDurationException("not a duration (" + SPELLINGS + ")");
        }
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
                throw new InvalidDurationException("too large");
            }
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidDurationException("not a duration (" + SPELLINGS + ")");
            }
        }
        if (d.isNegative()) {
            throw new InvalidDurationException("negative");
        }
        if (d.isZero() && allowed == Allowed.POSITIVE) {
            throw new InvalidDurationException("zero");
        }
        return d;
    }
}
