package io.streambot.runtime.internal;

/** A monotonic clock in nanoseconds ({@link System#nanoTime()} in production); a seam for tests. */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
