package io.streambot.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionDeclarations;
import io.streambot.core.stack.FunctionDeclarations.FunctionDeclaration;
import io.streambot.core.stack.StackTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPlatformCheckTest {
    @TempDir
    Path dir;

    private static FunctionDeclaration function(String runtime, List<String> architectures) {
        return new FunctionDeclaration("src/main/cloudformation/t.json", "Ingest", "a.B", runtime, architectures);
    }

    /** A class file header of {@code major} (Java {@code major - 44}); the rest does not matter to the check. */
    private static byte[] classFile(int major) {
        return new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) major, 0, 0};
    }

    private Path classes(String name, int major) throws IOException {
        Path classes = dir.resolve("classes");
        Path file = classes.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, classFile(major));
        return classes;
    }

    @Test
    void anArchitectureOtherThanTheTemplatesFailsNamingBothPlaces() {
        assertThatThrownBy(() -> FunctionPlatformCheck.check(
                        Architecture.X86_64, List.of(function("java21", List.of("arm64"))), null, List.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<architecture> (-Dstreambot.architecture) = 'x86_64' differs from Architectures [arm64]"
                        + " of resource Ingest in src/main/cloudformation/t.json (x86_64 when the template gives"
                        + " none): make them the same: set <architecture>arm64</architecture>"
                        + " (-Dstreambot.architecture=arm64), or set the template's Architectures to [x86_64]");
    }

    @Test
    void aTemplateWithoutArchitecturesMeansX86() {
        StackTemplate template = StackTemplate.parse(
                "t.json",
                """
                {"Resources": {"Ingest": {"Type": "AWS::Lambda::Function",
                  "Properties": {"Handler": "a.B", "Runtime": "java21"}}}}
                """);
        List<FunctionDeclaration> functions = FunctionDeclarations.of(template, "t.json");

        assertThat(functions)
                .containsExactly(new FunctionDeclaration("t.json", "Ingest", "a.B", "java21", List.of("x86_64")));
        assertThatThrownBy(() -> FunctionPlatformCheck.check(Architecture.ARM64, functions, null, List.of()))
                .hasMessageContaining("'arm64' differs from Architectures [x86_64] of resource Ingest in t.json");
        assertThatCode(() -> FunctionPlatformCheck.check(Architecture.X86_64, functions, null, List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void anArchitectureOnlyCloudFormationKnowsAndOtherLanguagesFunctionsAreNotCompared() {
        StackTemplate template = StackTemplate.parse(
                "t.json",
                """
                {"Resources": {
                  "Ingest": {"Type": "AWS::Lambda::Function",
                    "Properties": {"Handler": "a.B", "Runtime": "java21", "Architectures": [{"Ref": "Arch"}]}},
                  "Edge": {"Type": "AWS::Lambda::Function",
                    "Properties": {"Handler": "index.handler", "Runtime": "nodejs22.x", "Architectures": ["arm64"]}}}}
                """);

        assertThatCode(() -> FunctionPlatformCheck.check(
                        Architecture.X86_64, FunctionDeclarations.of(template, "t.json"), null, List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void aClassNewerThanTheRuntimeFailsNamingTheClassAndBothVersions() throws IOException {
        Path classes = classes("com.example.Old", 61);
        classes("com.example.Ingest", 65);

        assertThatThrownBy(() -> FunctionPlatformCheck.check(
                        Architecture.ARM64, List.of(function("java17", List.of("arm64"))), classes, List.of()))
                .isInstanceOf(BundleException.class)
                .hasMessage("The class com.example.Ingest (in " + classes + ") is Java 21 bytecode (class file version"
                        + " 65), newer than the runtime java17 of resource Ingest in src/main/cloudformation/t.json:"
                        + " Lambda would fail with UnsupportedClassVersionError. Compile for 17"
                        + " (<maven.compiler.release>17</maven.compiler.release>), use a dependency version built for"
                        + " it, or raise the template's Runtime to java21 or newer");
        assertThatCode(() -> FunctionPlatformCheck.check(
                        Architecture.ARM64, List.of(function("java21", List.of("arm64"))), classes, List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void aDependencyJarsClassIsComparedTooButNotItsMultiReleaseVersions() throws IOException {
        Path jar = dir.resolve("lib-1.0.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "lib/Plain.class", classFile(52));
            put(out, "META-INF/versions/21/lib/Plain.class", classFile(65));
        }
        assertThatCode(() -> FunctionPlatformCheck.check(
                        Architecture.X86_64, List.of(function("java17", List.of("x86_64"))), null, List.of(jar)))
                .doesNotThrowAnyException();

        Path newer = dir.resolve("newer-2.0.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(newer))) {
            put(out, "lib/New.class", classFile(69));
        }
        assertThatThrownBy(() -> FunctionPlatformCheck.check(
                        Architecture.X86_64, List.of(function("java21", List.of("x86_64"))), null, List.of(jar, newer)))
                .hasMessageStartingWith(
                        "The class lib.New (in newer-2.0.jar) is Java 25 bytecode (class file version 69),"
                                + " newer than the runtime java21");
    }

    @Test
    void theNewestClassIsRememberedUntilAJarChangesAndARememberedTooNewClassStillFails() throws IOException {
        Path cache = dir.resolve("target/streambot/newest-class.txt");
        Path jar = dir.resolve("lib-1.0.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "lib/New.class", classFile(69));
        }
        List<FunctionDeclaration> java21 = List.of(function("java21", List.of("x86_64")));
        String refused = "The class lib.New (in lib-1.0.jar) is Java 25 bytecode";
        assertThatThrownBy(() -> FunctionPlatformCheck.check(Architecture.X86_64, java21, null, List.of(jar), cache))
                .hasMessageStartingWith(refused);
        assertThat(Files.readAllLines(cache)).hasSize(2).last().isEqualTo("69\tlib.New\tlib-1.0.jar");
        // Unchanged inputs: the remembered answer is used (the jar is not read again), and still refused.
        assertThatThrownBy(() -> FunctionPlatformCheck.check(Architecture.X86_64, java21, null, List.of(jar), cache))
                .hasMessageStartingWith(refused);
        List<String> remembered = Files.readAllLines(cache);
        Files.writeString(cache, remembered.get(0) + "\n65\tlib.Remembered\tlib-1.0.jar\n");
        assertThat(NewestClassCache.newestClass(null, List.of(jar), cache).name())
                .isEqualTo("lib.Remembered");

        // The jar rebuilt for Java 17: its size and time change, so it is read again and the build passes.
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "lib/New.class", classFile(61));
            put(out, "lib/Other.class", classFile(52));
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
        assertThatCode(() -> FunctionPlatformCheck.check(Architecture.X86_64, java21, null, List.of(jar), cache))
                .doesNotThrowAnyException();
        assertThat(Files.readAllLines(cache).get(1)).isEqualTo("61\tlib.New\tlib-1.0.jar");
    }

    @Test
    void noClassAtAllIsRememberedToo() {
        Path cache = dir.resolve("newest-class.txt");
        assertThat(NewestClassCache.newestClass(dir.resolve("no-classes"), List.of(), cache))
                .isNull();
        assertThat(NewestClassCache.newestClass(dir.resolve("no-classes"), List.of(), cache))
                .isNull();
        assertThat(Files.exists(cache)).isTrue();
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }
}
