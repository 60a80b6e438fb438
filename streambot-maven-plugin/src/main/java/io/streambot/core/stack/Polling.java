package io.streambot.core.stack;

import io.streambot.core.InvalidConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How a deployment waits: a base interval between polls (a little jitter keeps parallel builds from
 * polling in step), a jittered exponential backoff when CloudFormation throttles, and one overall
 * deadline for the whole deployment. Time passes through a {@link Sleeper} and a {@link Clock} so
 * tests run without waiting.
 */
public final class Polling {
    /** Waits; the seam tests replace. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        static Sleeper real() {
            return d -> Thread.sleep(d.toMillis());
        }
    }

    private static final int MAX_BACKOFF_DOUBLINGS = 5;

    private final Duration interval;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final Clock clock;
    private Instant deadline;

    public Polling(Duration interval, Duration timeout, Sleeper sleeper, Clock clock) {
        if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval must be >= 0 and timeout > 0");
        }
        this.interval = interval;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The defaults: a 3 s base and a 60 minute deadline, real time. */
    public static Polling defaults() {
        return new Polling(Duration.ofSeconds(3), Duration.ofMinutes(60), Sleeper.real(), Clock.systemUTC());
    }

    /**
     * Reads a duration as users write it: {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms}, ISO-8601
     * ({@code PT10M}) or a plain number of seconds.
     *
     * @throws InvalidConfigurationException naming {@code element} and {@code property}
     */
    public static Duration parseDuration(String value, String element, String property) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(
                        Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(
                        Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(
                        Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidConfigurationException(
                    element, property, value, "is not a duration", "write it like 90s, 5m, 1h or PT10M");
        }
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Starts the deadline; called once per deployment. */
    public void begin() {
        deadline = clock.instant().plus(timeout);
    }

    public boolean pastDeadline() {
        return deadline != null && !clock.instant().isBefore(deadline);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Sleeps the base interval, give or take 20%. */
    public void pause() {
        long base = interval.toMillis();
        long jitter = base / 5;
        sleep(Duration.ofMillis(
                base - jitter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * jitter + 1))));
    }

    /**
     * Runs a read call, retrying it with jittered exponential backoff for as long as CloudFormation
     * throttles it and the deadline allows.
     */
    public <T> T read(Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException() || pastDeadline()) {
                    throw e;
                }
                sleep(backoff(attempt));
            }
        }
    }

    /** The wait after the {@code attempt}-th throttled call: "equal jitter" over a doubling cap. */
    Duration backoff(int attempt) {
        long cap = Math.max(1, interval.toMillis()) << Math.min(attempt + 1, MAX_BACKOFF_DOUBLINGS);
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackDeploymentException("interrupted while waiting for CloudFormation");
        }
    }
}
