package io.streambot.runtime;

import io.streambot.runtime.seams.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The project's one retry backoff: capped exponential delays ({@code first}, doubled per retry, never above {@code
 * max}), optionally with "equal jitter" (a delay drawn from the upper half of the capped value, so that parallel
 * callers do not retry in step). Used by the runtime's config read, the providers (response PUT, event source
 * mappings) and the plugin's CloudFormation polling. The delay is computed here and waited through a {@link
 * Sleeper}; the jitter comes from an injectable {@link RandomGenerator}, so tests are deterministic.
 */
public final class Backoff {
    /** Per-thread randomness for production jitter (ThreadLocalRandom must not be shared across threads). */
    public static final RandomGenerator THREAD_LOCAL_RANDOM =
            () -> ThreadLocalRandom.current().nextLong();

    private static final int MAX_DOUBLINGS = 30;

    private final Duration first;
    private final Duration max;
    private final RandomGenerator jitter;

    private Backoff(Duration first, Duration max, RandomGenerator jitter) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, not first " + first + ", max " + max);
        }
        this.first = first;
        this.max = max;
        this.jitter = jitter;
    }

    /** Delays of exactly {@code first}, {@code 2 first}, {@code 4 first} ... up to {@code max}, without jitter. */
    public static Backoff exponential(Duration first, Duration max) {
        return new Backoff(first, max, null);
    }

    /** The same delays with equal jitter from per-thread randomness. */
    public static Backoff jittered(Duration first, Duration max) {
        return jittered(first, max, THREAD_LOCAL_RANDOM);
    }

    /** The same delays with equal jitter from {@code random} (tests: a seeded generator). */
    public static Backoff jittered(Duration first, Duration max, RandomGenerator random) {
        return new Backoff(first, max, Objects.requireNonNull(random, "random"));
    }

    /** This backoff with its jitter drawn from {@code random}. */
    public Backoff withRandom(RandomGenerator random) {
        return jittered(first, max, random);
    }

    public Duration first() {
        return first;
    }

    public Duration max() {
        return max;
    }

    /** The cap of the delay before retry number {@code retry} (0 for the first retry). */
    public Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, not " + retry);
        }
        long firstNanos = first.toNanos();
        int doublings = Math.min(retry, MAX_DOUBLINGS);
        // Stop doubling before the shift overflows or passes max.
        long cap = Long.numberOfLeadingZeros(firstNanos) <= doublings + 1
                ? max.toNanos()
                : Math.min(firstNanos << doublings, max.toNanos());
        return Duration.ofNanos(cap);
    }

    /**
     * The delay before retry number {@code retry} (0 for the first retry): the {@link #ceiling}, or with jitter a
     * value between half of it and all of it.
     */
    public Duration delay(int retry) {
        long cap = ceiling(retry).toNanos();
        if (jitter == null) {
            return Duration.ofNanos(cap);
        }
        return Duration.ofNanos(jitter.nextLong(cap / 2, cap + 1));
    }

    /**
     * Waits the delay before retry number {@code retry} unless it would end at or after {@code deadlineNanos} on
     * the clock whose current time is {@code nowNanos}.
     *
     * @return whether it waited (false: no time left for the retry, or interrupted, with the flag set again)
     */
    public boolean pause(int retry, Sleeper sleeper, long nowNanos, long deadlineNanos) {
        Duration delay = delay(retry);
        if (nowNanos + delay.toNanos() - deadlineNanos >= 0) {
            return false;
        }
        try {
            sleeper.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "Backoff[" + first + " doubling to " + max + (jitter == null ? "" : ", equal jitter") + "]";
    }
}
