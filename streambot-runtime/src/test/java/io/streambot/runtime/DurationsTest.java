package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.runtime.Durations.Allowed;
import io.streambot.runtime.Durations.InvalidDurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsBothSpellings() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt2h", Allowed.POSITIVE)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anythingElseIsRejectedWithTheSpellings() {
        assertThatThrownBy(() -> Durations.parse("30"))
                .isInstanceOf(InvalidDurationException.class)
                .hasMessageContaining("PT30S")
                .hasMessageContaining("30s");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse(null)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("99999999999999999d")).hasMessageContaining("too large");
    }

    @Test
    void negativeIsRefusedAlwaysAndZeroWhereItMakesNoSense() {
        assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessage("negative");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("PT-5S", Allowed.POSITIVE)).hasMessage("negative");
        assertThatThrownBy(() -> Durations.parse("0s", Allowed.POSITIVE)).hasMessage("zero");
        assertThatThrownBy(() -> Durations.parse("PT0S", Allowed.POSITIVE)).hasMessage("zero");
        assertThat(Durations.parse("0ms", Allowed.ZERO_OR_MORE)).isZero();
    }
}
