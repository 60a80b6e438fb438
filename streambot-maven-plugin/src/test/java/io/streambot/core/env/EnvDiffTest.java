package io.streambot.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvDiffTest {
    @Test
    void linesNameKeysAndMaskEveryValue() {
        EnvDiff diff = EnvDiff.between(
                Map.of("KEEP", "same-1", "CHANGE", "old-2", "DROP", "gone-3"),
                Map.of("KEEP", "same-1", "CHANGE", "new-4", "ADD", "added-5"));

        assertThat(diff.lines()).containsExactly("  + ADD = ****", "  ~ CHANGE = ****", "  - DROP");
        assertThat(diff.summary()).isEqualTo("1 added, 1 changed, 1 removed");
        assertThat(String.join("\n", diff.lines()) + diff + diff.summary())
                .doesNotContain("same-1", "old-2", "gone-3", "new-4", "added-5");
    }

    @Test
    void equalMapsMakeAnEmptyDiff() {
        assertThat(EnvDiff.between(Map.of("A", "1"), Map.of("A", "1")).isEmpty())
                .isTrue();
        assertThat(EnvDiff.between(Map.of("A", "1"), Map.of("A", "")).changed()).containsExactly("A");
    }
}
