package io.streambot.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one merge of a function's env file and {@code <env>}, shared by put-env and invoke's local run. */
class EnvSourcesTest {
    @TempDir
    Path dir;

    final RecordingEvents events = new RecordingEvents();

    @Test
    void theEnvFileIsReadRelativeToTheProjectAndEnvWinsKeyByKey() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/local.properties"), "Greeting=from the file\nPunctuation=!\n");
        Map<String, String> pomEnv = new HashMap<>();
        pomEnv.put("Greeting", "hello");
        pomEnv.put("Empty", null); // Maven's value for <Empty/>

        FunctionEnv merged =
                EnvSources.merge("orders", pomEnv, Path.of("config/local.properties"), dir, "<env>", "x", events);

        assertThat(merged.functionName()).isEqualTo("orders");
        assertThat(merged.env()).isEqualTo(Map.of("Empty", "", "Greeting", "hello", "Punctuation", "!"));
        assertThat(events.infos)
                .containsExactly("Key Greeting of function 'orders' is in both <envFile> and <env>: <env> wins");
    }

    @Test
    void aMissingEnvFileIsRefusedNamingItsElementAndProperty() {
        assertThatThrownBy(() -> EnvSources.merge(
                        "orders", null, Path.of("nope.properties"), dir, "<env>", "streambot.envFile", events))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<envFile> (-Dstreambot.envFile)");
    }
}
