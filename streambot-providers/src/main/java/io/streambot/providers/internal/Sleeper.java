package io.streambot.providers.internal;

import java.time.Duration;

/** Waits between retries and polls; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
