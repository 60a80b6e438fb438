package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The project's one backoff: delays, caps, jitter bounds, determinism with a seeded generator, deadlines. */
class BackoffTest {
    @Test
    void exponentialDelaysDoubleFromTheFirstUpToTheMax() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(4));
        List<Duration> delays = new ArrayList<>();
        for (int retry = 0; retry < 7; retry++) {
            delays.add(backoff.delay(retry));
        }
        assertThat(delays)
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4));
    }

    @Test
    void veryLateRetriesStayAtTheMaxWithoutOverflowing() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(backoff.delay(63)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void equalJitterStaysInTheUpperHalfOfTheCeiling() {
        Backoff backoff = Backoff.jittered(Duration.ofMillis(50), Duration.ofSeconds(2), new SplittableRandom(7));
        for (int retry = 0; retry < 12; retry++) {
            Duration ceiling = backoff.ceiling(retry);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(retry)).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.ceiling(11)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSeededGeneratorGivesTheSameDelaysAndTheJitterVaries() {
        Backoff a = Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(42));
        Backoff b = Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(42));
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(a.delay(3));
            second.add(b.delay(3));
        }
        assertThat(first).isEqualTo(second);
        assertThat(first).as("jitter").doesNotHaveDuplicates();
    }

    @Test
    void pauseSleepsTheDelayThroughTheSleeperUnlessTheDeadlineComesFirst() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
        List<Duration> slept = new ArrayList<>();

        assertThat(backoff.pause(2, slept::add, 0, Duration.ofMillis(401).toNanos()))
                .isTrue();
        assertThat(backoff.pause(2, slept::add, 0, Duration.ofMillis(400).toNanos()))
                .isFalse();

        assertThat(slept).containsExactly(Duration.ofMillis(400));
    }

    @Test
    void anInterruptedPauseReportsNoWaitAndKeepsTheFlag() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
        try {
            assertThat(backoff.pause(
                            0,
                            d -> {
                                throw new InterruptedException();
                            },
                            0,
                            Long.MAX_VALUE))
                    .isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2))
                        .delay(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
