package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.internal.RuntimeSettings;
import io.streambot.runtime.internal.StreambotRuntime;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import io.streambot.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-run hook: with {@code STREAMBOT_LOCAL_CONFIG} set, the wrapper serves that file and reads no
 * table. Unit tier: no server runs, and the settings name an endpoint nothing listens on, so a read of the
 * table would fail the test.
 */
class LocalConfigTest {
    @TempDir
    Path dir;

    private static StreambotRuntime runtime(Map<String, String> variables) {
        return new StreambotRuntime(Environment.of(variables), () -> System.nanoTime(), Sleeper.SYSTEM);
    }

    @Test
    void aLocalConfigFileIsServedInsteadOfTheTableWithoutARegion() throws Exception {
        Path file = dir.resolve("local-config.properties");
        Files.writeString(file, "EventBucket=local-bucket\nGreeting=h\\u00e9llo w\\=orld\n", StandardCharsets.UTF_8);
        TestContext context = TestContext.builder().functionName("ingest").build();

        try (StreambotRuntime runtime = runtime(Map.of(
                RuntimeSettings.LOCAL_CONFIG_VARIABLE,
                file.toString(),
                // Nothing listens there: a table read would fail the invocation.
                RuntimeSettings.ENDPOINT_VARIABLE,
                "http://127.0.0.1:1"))) {
            RequestHandler<String, String> handler = runtime.wrap(
                    (String input, Context c) -> StreambotEnv.get("EventBucket") + " " + StreambotEnv.get("Greeting"));

            assertThat(handler.handleRequest("event", context)).isEqualTo("local-bucket héllo w=orld");
        }
        assertThat(context.getLogger().lines())
                .singleElement()
                .asString()
                .contains("function 'ingest'", "local file " + file, "STREAMBOT_LOCAL_CONFIG", "2 keys")
                .doesNotContain("local-bucket");
    }

    @Test
    void aLocalConfigFileThatDoesNotExistFailsTheInvocationNamingTheVariable() {
        Path missing = dir.resolve("nope.properties");
        try (StreambotRuntime runtime = runtime(Map.of(RuntimeSettings.LOCAL_CONFIG_VARIABLE, missing.toString()))) {
            RequestHandler<String, String> handler = runtime.wrap((String input, Context c) -> "ran");

            assertThatThrownBy(() -> handler.handleRequest(
                            "event",
                            TestContext.builder().functionName("ingest").build()))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("STREAMBOT_LOCAL_CONFIG names " + missing + ", which does not exist");
        }
    }

    @Test
    void withoutTheVariableTheTableIsReadAndTheRegionIsRequired() {
        RuntimeSettings settings = RuntimeSettings.from(Environment.of(Map.of("AWS_REGION", "eu-west-3")));
        assertThat(settings.localConfig()).isEmpty();
        assertThat(settings.source()).isEqualTo(EnvRecord.DEFAULT_TABLE);

        assertThatThrownBy(() -> RuntimeSettings.from(Environment.of(Map.of())))
                .hasMessageContaining("AWS_REGION is not set");
        assertThat(RuntimeSettings.from(Environment.of(Map.of(), Map.of("streambot.localConfig", "/tmp/c.properties")))
                        .localConfig())
                .contains(Path.of("/tmp/c.properties"));
    }
}
