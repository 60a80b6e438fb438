package io.streambot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationSettingTest {
    @Test
    void durationsReadAsUsersWriteThem() {
        assertThat(DurationSetting.positive("90s", "<timeout>", "streambot.timeout"))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationSetting.positive("60m", "<timeout>", "streambot.timeout"))
                .isEqualTo(Duration.ofHours(1));
        assertThat(DurationSetting.positive("PT2H", "<timeout>", "streambot.timeout"))
                .isEqualTo(Duration.ofHours(2));
        assertThat(DurationSetting.positive("500ms", "<pollInterval>", null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void zeroAndNegativeDurationsAreRefusedNamingTheElement() {
        assertThatThrownBy(() -> DurationSetting.positive("0s", "<pollInterval>", "streambot.pollInterval"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<pollInterval> (-Dstreambot.pollInterval) = '0s' is zero: give a duration above zero,"
                        + " such as 90s, 5m, 1h or PT10M");
        assertThatThrownBy(() -> DurationSetting.positive("PT-10M", "<timeout>", "streambot.timeout"))
                .hasMessage("<timeout> (-Dstreambot.timeout) = 'PT-10M' is negative: give a duration above zero,"
                        + " such as 90s, 5m, 1h or PT10M");
    }

    @Test
    void anythingElseIsRefusedWithTheSpellings() {
        assertThatThrownBy(() -> DurationSetting.positive("soon", "<timeout>", "streambot.timeout"))
                .hasMessageStartingWith("<timeout> (-Dstreambot.timeout) = 'soon' is not a duration (ISO-8601 like"
                        + " PT30S, or a number with a unit: 250ms, 30s, 5m, 2h, 1d)");
        // A bare number is ambiguous (seconds? milliseconds?): refused, not guessed.
        assertThatThrownBy(() -> DurationSetting.positive("30", "<timeout>", "streambot.timeout"))
                .hasMessageContaining("'30' is not a duration");
    }
}
