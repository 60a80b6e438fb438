package io.streambot.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.runtime.seams.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
    @Test
    void defaultsNeedOnlyTheRegion() {
        RuntimeSettings settings = RuntimeSettings.from(Environment.of(Map.of("AWS_REGION", "eu-west-3")));

        assertThat(settings)
                .isEqualTo(new RuntimeSettings(
                        "streambot-env",
                        "eu-west-3",
                        java.util.Optional.empty(),
                        Duration.ofMinutes(1),
                        MissingRecordPolicy.EMPTY));
    }

    @Test
    void everySettingIsRead() {
        RuntimeSettings settings = RuntimeSettings.from(Environment.of(Map.of(
                "AWS_REGION", "ap-south-1",
                "STREAMBOT_ENV_TABLE", "my-env",
                "STREAMBOT_ENDPOINT", "http://127.0.0.1:8000",
                "STREAMBOT_ENV_TTL", "5s",
                "STREAMBOT_ENV_MISSING", "FAIL")));

        assertThat(settings.table()).isEqualTo("my-env");
        assertThat(settings.region()).isEqualTo("ap-south-1");
        assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.missing()).isEqualTo(MissingRecordPolicy.FAIL);
    }

    @Test
    void theEndpointAlsoComesFromTheSystemProperty() {
        RuntimeSettings settings = RuntimeSettings.from(Environment.of(
                Map.of("AWS_REGION", "eu-west-3"), Map.of("streambot.endpoint", "http://localhost:4566")));

        assertThat(settings.endpoint()).contains(URI.create("http://localhost:4566"));
    }

    @Test
    void badValuesNameTheirVariableAndTheFix() {
        assertThatThrownBy(() -> RuntimeSettings.from(Environment.of(Map.of())))
                .hasMessageContaining("AWS_REGION is not set");
        assertThatThrownBy(() -> RuntimeSettings.from(
                        Environment.of(Map.of("AWS_REGION", "eu-west-3", "STREAMBOT_ENV_MISSING", "ignore"))))
                .hasMessageContaining("STREAMBOT_ENV_MISSING must be 'empty' or 'fail', not 'ignore'");
        assertThatThrownBy(() -> RuntimeSettings.from(
                        Environment.of(Map.of("AWS_REGION", "eu-west-3", "STREAMBOT_ENDPOINT", "localhost:8000"))))
                .hasMessageContaining("STREAMBOT_ENDPOINT")
                .hasMessageContaining("http://127.0.0.1:8000");
    }
}
