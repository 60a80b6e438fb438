package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed getters of a snapshot (unit tier: no network). */
class StreambotEnvTest {
    private final StreambotEnv.Snapshot env = StreambotEnv.Snapshot.of(
            new EnvRecord(
                    "ingest",
                    Map.of(
                            "Count", "42",
                            "Big", "9000000000",
                            "Flag", "TRUE",
                            "Timeout", "30s",
                            "IsoTimeout", "PT5M",
                            "Secret", "hunter2"),
                    6,
                    Instant.EPOCH,
                    "test"),
            "streambot-env");

    @Test
    void typedGettersParseTheirValues() {
        assertThat(env.getInt("Count")).isEqualTo(42);
        assertThat(env.getLong("Big")).isEqualTo(9_000_000_000L);
        assertThat(env.getBoolean("Flag")).isTrue();
        assertThat(env.getDuration("Timeout")).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.getDuration("IsoTimeout")).isEqualTo(Duration.ofMinutes(5));
        assertThat(env.get("Absent", "fallback")).isEqualTo("fallback");
        assertThat(env.getInt("Absent", 7)).isEqualTo(7);
        assertThat(env.asMap()).hasSize(6);
        assertThatThrownBy(() -> env.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingKeyNamesKeyFunctionTableAndThePresentKeys() {
        assertThatThrownBy(() -> env.get("EventBucket"))
                .isInstanceOf(StreambotConfigException.class)
                .hasMessageContaining("'EventBucket' is not set for function 'ingest'")
                .hasMessageContaining("table 'streambot-env'")
                .hasMessageContaining("keys set: Big, Count, Flag")
                .satisfies(e -> assertThat(((StreambotConfigException) e).key()).contains("EventBucket"));
    }

    @Test
    void aMalformedValueNamesTheKeyButNeverTheValue() {
        assertThatThrownBy(() -> env.getInt("Secret"))
                .isInstanceOf(StreambotConfigException.class)
                .hasMessageContaining("'Secret' of function 'ingest'")
                .hasMessageContaining("not a whole number")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> env.getInt("Big")).hasMessageContaining("range of an int");
        assertThatThrownBy(() -> env.getBoolean("Secret")).hasMessageContaining("neither true nor false");
        assertThatThrownBy(() -> env.getDuration("Secret"))
                .hasMessageContaining("not a duration")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> env.getInt("Secret", 1))
                .as("a default covers a missing key, not a malformed value")
                .isInstanceOf(StreambotConfigException.class);
        assertThat(env.toString()).contains("Secret").doesNotContain("hunter2");
    }
}
