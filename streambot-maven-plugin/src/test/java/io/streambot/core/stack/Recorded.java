package io.streambot.core.stack;

import io.streambot.core.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test seams: events kept as lines, and time that passes only when the code under test sleeps. */
final class Recorded {
    private Recorded() {}

    static final class Lines implements Events {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        @Override
        public void debug(String message) {
            lines.add("DEBUG " + message);
        }

        String text() {
            return String.join("\n", lines);
        }
    }

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
