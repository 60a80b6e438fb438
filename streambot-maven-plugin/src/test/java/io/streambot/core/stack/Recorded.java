package io.streambot.core.stack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Test seam: time that passes only when the code under test sleeps. */
final class Recorded {
    private Recorded() {}

    /** A clock moved only by {@link #sleeper()}; every sleep is recorded. */
    static final class Time extends Clock {
        final List<Duration> sleeps = new ArrayList<>();
        private Instant now = Instant.parse("2026-11-21T08:00:00Z");

        Polling.Sleeper sleeper() {
            return d -> {
                sleeps.add(d);
                now = now.plus(d);
            };
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
