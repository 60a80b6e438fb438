package io.streambot.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionDeclarations;
import io.streambot.core.stack.FunctionHandlers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code bundle} goal as {@code BundleMojo} runs it (the cheap look first, then the template checks and
 * the bundle), on real files: a no-op runs nothing, and any changed input runs every check again.
 */
class NoOpBundleTest {
    private static final String HANDLER = Fn.class.getName() + "::handleRequest";

    @TempDir
    Path dir;

    private Path base;
    private Path classes;
    private Path template;
    private Path jar;
    private Path zip;
    private Path work;
    private int fullRuns;
    private final List<String> log = new ArrayList<>();
    private final Events events = new Events() {
        @Override
        public void info(String message) {
            log.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            log.add("WARN " + message);
        }

        @Override
        public void debug(String message) {}
    };

    public static final class Fn {
        public String handleRequest(String input, Object context) {
            return input;
        }
    }

    @BeforeEach
    void project() throws IOException {
        base = dir.resolve("fn");
        classes = base.resolve("target/classes");
        String entry = Fn.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(classes.resolve(entry).getParent());
        try (InputStream in = Fn.class.getClassLoader().getResourceAsStream(entry)) {
            Files.write(classes.resolve(entry), in.readAllBytes());
        }
        template = base.resolve("src/main/cloudformation/template.json");
        Files.createDirectories(template.getParent());
        writeTemplate("java21", "x86_64", HANDLER);
        jar = Fixtures.jar(dir.resolve("repo/lib-1.0.jar"), Map.of("lib/A.class", classFile(61)));
        zip = base.resolve("target/fn-lambda.zip");
        work = base.resolve("target/streambot");
    }

    private void writeTemplate(String runtime, String architecture, String handler) throws IOException {
        Files.writeString(
                template,
                """
                {"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
                  "Properties": {"Handler": "%s", "Runtime": "%s", "Architectures": ["%s"]}}}}
                """
                        .formatted(handler, runtime, architecture));
    }

    private static byte[] classFile(int major) {
        return new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) major, 0, 0};
    }

    /** What BundleMojo does: the cheap look, then (unless nothing changed) every check and the bundle. */
    private boolean build() throws IOException {
        List<BundleDependency> deps = List.of(new BundleDependency("com.example", "lib", "1.0", "", jar));
        String key = NoOpBundle.inputsKey("architecture=x86_64", base, null, classes, deps);
        return NoOpBundle.bundleUnlessUnchanged(key, work, zip, null, events, () -> {
            fullRuns++;
            FunctionPlatformCheck.check(
                    Architecture.X86_64,
                    FunctionDeclarations.fromProject(base, null, events),
                    classes,
                    List.of(jar),
                    work.resolve("newest-class.txt"));
            new LambdaBundler(ArtifactResolver.none(), events)
                    .bundle(new BundleRequest(
                            classes,
                            deps,
                            Architecture.X86_64,
                            true,
                            List.of(),
                            null,
                            BundleRequest.RuntimeInclusion.NEVER,
                            null,
                            zip,
                            work,
                            Instant.parse("2026-01-01T00:00:00Z"),
                            BundleRequest.LAMBDA_UNZIPPED_LIMIT,
                            235_929_600L,
                            BundleRequest.LAMBDA_DIRECT_UPLOAD_LIMIT,
                            FunctionHandlers.fromProject(base, null, events)));
        });
    }

    @Test
    void aNoOpRunsNoCheckAndKeepsTheZip() throws IOException {
        assertThat(build()).isTrue();
        String stamp = BundleFingerprint.zipStamp(zip);

        assertThat(build()).isFalse();

        assertThat(fullRuns).isEqualTo(1);
        assertThat(BundleFingerprint.zipStamp(zip)).isEqualTo(stamp);
        assertThat(log).contains("INFO bundle is up to date: " + zip + " (no input changed since the last bundle)");
    }

    @Test
    void aChangedTemplateRuntimeIsCheckedAgain() throws IOException {
        build();
        writeTemplate("java8", "x86_64", HANDLER);

        assertThatThrownBy(this::build)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("newer than the runtime java8");
        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void changedTemplateArchitecturesAreCheckedAgain() throws IOException {
        build();
        writeTemplate("java21", "arm64", HANDLER);

        assertThatThrownBy(this::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Architectures [arm64]");
        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void aChangedTemplateHandlerIsCheckedAgain() throws IOException {
        build();
        writeTemplate("java21", "x86_64", "com.example.Missing::handleRequest");

        assertThatThrownBy(this::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("com.example.Missing");
        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void aChangedClassIsCheckedAgain() throws IOException {
        build();
        Files.write(classes.resolve(Fn.class.getName().replace('.', '/') + ".class"), classFile(70));

        assertThatThrownBy(this::build)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("version 70), newer than the runtime java21");
        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void aNewResourceRebuildsTheZip() throws IOException {
        build();
        String stamp = BundleFingerprint.zipStamp(zip);
        Files.writeString(classes.resolve("application.properties"), "greeting=hello\n");

        assertThat(build()).isTrue();

        assertThat(fullRuns).isEqualTo(2);
        assertThat(BundleFingerprint.zipStamp(zip)).isNotEqualTo(stamp);
    }

    @Test
    void aChangedDependencyIsCheckedAgain() throws IOException {
        build();
        Fixtures.jar(jar, Map.of("lib/A.class", classFile(70), "lib/B.class", classFile(70)));

        assertThatThrownBy(this::build)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("version 70), newer than the runtime java21");
        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void aZipReplacedByHandIsRebuilt() throws IOException {
        build();
        Files.writeString(zip, "not the bundle");

        assertThat(build()).isTrue();

        assertThat(fullRuns).isEqualTo(2);
    }

    @Test
    void changedParametersGiveAnotherKey() throws IOException {
        String x86 = NoOpBundle.inputsKey("architecture=x86_64", base, null, classes, List.of());
        String arm = NoOpBundle.inputsKey("architecture=arm64", base, null, classes, List.of());
        String again = NoOpBundle.inputsKey("architecture=x86_64", base, null, classes, List.of());

        assertThat(x86).isNotEqualTo(arm).isEqualTo(again);
    }

    @Test
    void anExplicitTemplateIsReadInsteadOfTheConventionDirectory() throws IOException {
        Path other = base.resolve("other.yaml");
        Files.writeString(other, "Resources: {}\n");
        String before = NoOpBundle.inputsKey("", base, Path.of("other.yaml"), classes, List.of());
        Files.writeString(other, "Resources: {} # changed\n");

        assertThat(NoOpBundle.inputsKey("", base, Path.of("other.yaml"), classes, List.of()))
                .isNotEqualTo(before);
    }
}
