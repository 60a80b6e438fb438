package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EnvRecordTest {

    @Test
    void anItemRoundTrips() {
        EnvRecord record =
                new EnvRecord("fn", Map.of("B", "2", "A", "1"), 7, Instant.parse("2026-01-01T00:00:00Z"), "put-env");

        EnvRecord back = EnvRecord.fromItem(record.toItem());

        assertThat(back).isEqualTo(record);
        assertThat(back.env().keySet()).containsExactly("A", "B");
    }

    @Test
    void aNonStringValueIsMalformedAndNamed() {
        Map<String, AttributeValue> item = new HashMap<>(new EnvRecord("fn", Map.of(), 1, Instant.EPOCH, "t").toItem());
        item.put(
                EnvRecord.ENV,
                AttributeValue.builder()
                        .m(Map.of("Count", AttributeValue.builder().n("3").build()))
                        .build());

        assertThatThrownBy(() -> EnvRecord.fromItem(item))
                .isInstanceOf(EnvRecord.MalformedEnvRecordException.class)
                .hasMessageContaining("'fn'")
                .hasMessageContaining("'Count'");
    }
}
