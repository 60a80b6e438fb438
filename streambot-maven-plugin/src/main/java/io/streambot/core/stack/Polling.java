package io.streambot.core.stack;

import io.streambot.runtime.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    /** Waits; the seam tests replace (the runtime's {@link io.streambot.runtime.seams.Sleeper}). */
    @FunctionalInterface
    public interface Sleeper extends io.streambot.runtime.seams.Sleeper {
        static Sleeper real() {
            return d -> Thread.sleep(d.toMillis());
        }
    }

    private final Duration interval;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final Clock clock;
    /** While throttled: twice the interval, doubling up to 32 times it, equal jitter (the project's one backoff). */
    private final Backoff throttled;

    private Instant deadline;

    public Polling(Duration interval, Duration timeout, Sleeper sleeper, Clock clock) {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be > 0");
        }
        this.interval = interval;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.clock = clock;
        long base = Math.max(1, interval.toMillis());
        this.throttled = Backoff.jittered(Duration.ofMillis(2 * base), Duration.ofMillis(32 * base));
    }

    /** The defaults: a 3 s base and a 60 minute deadline, real time. */
    public static Polling defaults() {
        return new Polling(Duration.ofSeconds(3), Duration.ofMinutes(60), Sleeper.real(), Clock.systemUTC());
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
        return throttled.delay(attempt);
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
