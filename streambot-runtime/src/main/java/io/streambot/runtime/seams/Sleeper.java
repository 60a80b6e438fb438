package io.streambot.runtime.seams;

import java.time.Duration;

/** Waits between retries ({@link Thread#sleep} in production); a seam for tests. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), 0);

    void sleep(Duration duration) throws InterruptedException;
}
