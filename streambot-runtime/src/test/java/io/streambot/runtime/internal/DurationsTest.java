package io.streambot.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void bothSpellingsParse() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void anythingElseIsRejectedWithTheSpellings() {
        assertThatThrownBy(() -> Durations.parse("30"))
                .hasMessageContaining("PT30S")
                .hasMessageContaining("30s");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse("99999999999999999d")).hasMessageContaining("too large");
    }
}
