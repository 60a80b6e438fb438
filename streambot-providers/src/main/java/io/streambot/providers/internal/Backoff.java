package io.streambot.providers.internal;

import java.time.Duration;

/** Exponential delays: {@code first}, doubled each time, never above {@code max}. */
public record Backoff(Duration first, Duration max) {
    /** The delay before retry number {@code retry} (0 for the first retry). */
    public Duration delay(int retry) {
        long millis = first.toMillis() << Math.min(retry, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
