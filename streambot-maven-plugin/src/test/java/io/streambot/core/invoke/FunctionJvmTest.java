package io.streambot.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.stack.FunctionDeclarations.FunctionDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionJvmTest {
    @TempDir
    Path dir;

    /**
     * A JDK 25 of this machine, found at test time: {@code -Dstreambot.test.jdk25=HOME}, else a JDK in the system's
     * JVM folder whose {@code release} file says 25.
     */
    static Optional<Path> jdk25() throws IOException {
        String given = System.getProperty("streambot.test.jdk25", "");
        List<Path> candidates = new ArrayList<>();
        if (!given.isBlank()) {
            candidates.add(Path.of(given));
        }
        Path system = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(system)) {
            try (Stream<Path> homes = Files.list(system)) {
                homes.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Path release = home.resolve("release");
            Path java = home.resolve("bin/java");
            if (Files.isRegularFile(release)
                    && Files.isExecutable(java)
                    && Files.readString(release).contains("JAVA_VERSION=\"25")) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    private static final String VERSION_HANDLER =
            """
            package fn;
            import com.amazonaws.services.lambda.runtime.*;
            import java.util.Map;
            public class Version implements RequestHandler<Map<String, Object>, String> {
                public String handleRequest(Map<String, Object> event, Context context) {
                    return "java " + Runtime.version().feature();
                }
            }
            """;

    @Test
    void theFunctionRunsOnTheToolchainsJdkOfItsRuntime() throws Exception {
        Optional<Path> java25 = jdk25();
        assumeTrue(java25.isPresent(), "no JDK 25 on this machine (give one with -Dstreambot.test.jdk25=HOME)");
        assumeTrue(Runtime.version().feature() != 25, "the build itself runs on 25: nothing to tell apart");
        RecordingEvents events = new RecordingEvents();
        List<String> asked = new ArrayList<>();

        FunctionJvm.Selection jvm = FunctionJvm.select(
                "java25",
                "Runtime of resource Fn in template.json",
                range -> {
                    asked.add(range);
                    return java25;
                },
                events);
        Path zip = new FunctionZip(dir).source("fn.Version", VERSION_HANDLER).build("version");
        Path event = Files.writeString(dir.resolve("event.json"), "{}");
        InvokeResult result = new LocalLambdaRuntime(events, jvm.java(), LambdaJavaLibrariesTest.onTestClassPath())
                .invoke(new InvokeRequest(
                        zip,
                        HandlerString.parse("fn.Version", "<handler>", "streambot.handler"),
                        event,
                        "version",
                        Duration.ofSeconds(60),
                        256,
                        "eu-west-3",
                        null,
                        null,
                        null,
                        null,
                        Map.of(),
                        dir.resolve("work"),
                        null));

        assertThat(asked).containsExactly("[25,26)");
        assertThat(jvm).isEqualTo(new FunctionJvm.Selection(java25.get(), 25, true));
        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.output()).isEqualTo("\"java 25\"");
        assertThat(events.infos)
                .contains("Running on JDK 25 from toolchains.xml (" + java25.get()
                        + ") for runtime java25 (Runtime of resource Fn in template.json)");
        assertThat(events.warnings).isEmpty();
    }

    @Test
    void withoutAMatchingToolchainItWarnsNamesBothVersionsAndRunsOnTheBuildsJdk() {
        RecordingEvents events = new RecordingEvents();
        int build = Runtime.version().feature();
        int other = build == 21 ? 25 : 21;

        FunctionJvm.Selection jvm = FunctionJvm.select(
                "java" + other, "Runtime of resource Fn in t.json", range -> Optional.empty(), events);

        assertThat(jvm).isEqualTo(FunctionJvm.buildJvm());
        assertThat(jvm.fromToolchain()).isFalse();
        assertThat(events.warnings)
                .containsExactly("No JDK " + other + " toolchain for runtime java" + other
                        + " (Runtime of resource Fn in t.json): running on the build's JDK " + build
                        + " instead. Add a toolchain of type jdk providing version " + other
                        + " to ~/.m2/toolchains.xml (or pass one with mvn -t FILE)");
    }

    @Test
    void withoutAToolchainTheBuildsJdkOfTheRuntimesVersionRunsItWithoutAWarning() {
        RecordingEvents events = new RecordingEvents();
        int build = Runtime.version().feature();

        FunctionJvm.Selection jvm = FunctionJvm.select(
                "java" + build, "Runtime of resource Fn in t.json", range -> Optional.empty(), events);

        assertThat(jvm).isEqualTo(FunctionJvm.buildJvm());
        assertThat(events.warnings).isEmpty();
        assertThat(events.infos)
                .containsExactly("Running on the build's JDK " + build + ", the version of runtime java" + build
                        + " (Runtime of resource Fn in t.json)");
    }

    @Test
    void theRuntimeIsTheConfiguredOneElseTheHandlersFunctionsElseTheOneAllFunctionsShare() {
        List<FunctionDeclaration> functions = List.of(
                new FunctionDeclaration("t.json", "A", "a.A::handle", "java17", List.of("x86_64")),
                new FunctionDeclaration("t.json", "B", "b.B::handle", "java21", List.of("x86_64")));

        assertThat(FunctionJvm.runtime("java25", "a.A::handle", functions)).isEqualTo("java25");
        assertThat(FunctionJvm.runtime(null, "b.B::handle", functions)).isEqualTo("java21");
        assertThat(FunctionJvm.runtime(null, "c.C", functions)).isNull();
        assertThat(FunctionJvm.runtime(null, "c.C", functions.subList(0, 1))).isEqualTo("java17");
        assertThatThrownBy(() -> FunctionJvm.runtime("python3.12", null, functions))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<runtime> (-Dstreambot.runtime) = 'python3.12' is not a Lambda Java runtime: use the"
                        + " function's Runtime, such as java17, java21 or java25");
    }
}
