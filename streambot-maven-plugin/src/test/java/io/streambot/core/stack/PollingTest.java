package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Polling's throttling backoff is the runtime's Backoff: twice the interval, doubling to 32 times it, jittered. */
class PollingTest {
    private final Polling polling =
            new Polling(Duration.ofSeconds(3), Duration.ofMinutes(60), d -> {}, Clock.systemUTC());

    @Test
    void throttledReadsBackOffFromTwiceTheIntervalUpTo32TimesIt() {
        for (int i = 0; i < 20; i++) {
            assertThat(polling.backoff(0)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
            assertThat(polling.backoff(1)).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(12));
            assertThat(polling.backoff(4)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(96));
            assertThat(polling.backoff(40)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(96));
        }
    }
}
