package io.streambot.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsAPropertiesFileAsUtf8() throws Exception {
        Path file = Files.writeString(dir.resolve("prod.properties"), "# comment\nDB_URL=jdbc:x\nGREETING=héllo\n");

        assertThat(EnvFiles.read(file, "<envFile>", "streambot.envFile"))
                .isEqualTo(Map.of("DB_URL", "jdbc:x", "GREETING", "héllo"));
    }

    @Test
    void readsAFlatJsonObjectWithScalarsAsStrings() throws Exception {
        Path file = Files.writeString(dir.resolve("prod.json"), "{\"A\": \"x\", \"PORT\": 8080, \"ON\": true}");

        assertThat(EnvFiles.read(file, "<envFile>", null)).isEqualTo(Map.of("A", "x", "PORT", "8080", "ON", "true"));
    }

    @Test
    void nestedOrNullJsonValuesAreRejectedNamingTheKey() throws Exception {
        Path nested = Files.writeString(dir.resolve("n.json"), "{\"A\": {\"b\": 1}}");
        Path nulls = Files.writeString(dir.resolve("z.json"), "{\"A\": null}");

        assertThatThrownBy(() -> EnvFiles.read(nested, "<envFile>", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("key 'A'")
                .hasMessageContaining("not a string");
        assertThatThrownBy(() -> EnvFiles.read(nulls, "<envFile>", null)).hasMessageContaining("null");
    }

    @Test
    void malformedJsonIsReportedByPlaceWithoutQuotingTheContent() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"TOKEN\": \"topsecretvalue\" oops}");

        assertThatThrownBy(() -> EnvFiles.read(file, "<envFile>", "streambot.envFile"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("is not valid JSON (line 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecretvalue"));
    }

    @Test
    void otherFilesAndMissingFilesAreRejected() throws Exception {
        Path yaml = Files.writeString(dir.resolve("env.yaml"), "A: b");

        assertThatThrownBy(() -> EnvFiles.read(yaml, "<envFile>", "streambot.envFile"))
                .hasMessageContaining("neither a .properties nor a .json file");
        assertThatThrownBy(() -> EnvFiles.read(dir.resolve("none.json"), "<envFile>", "streambot.envFile"))
                .hasMessageContaining("<envFile> (-Dstreambot.envFile)")
                .hasMessageContaining("is not a file");
    }
}
