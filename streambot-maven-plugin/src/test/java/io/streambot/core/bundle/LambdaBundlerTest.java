package io.streambot.core.bundle;

import static io.streambot.core.bundle.Fixtures.AARCH64;
import static io.streambot.core.bundle.Fixtures.X86_64;
import static io.streambot.core.bundle.Fixtures.elf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionHandlers;
import io.streambot.core.stack.StackTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaBundlerTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

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

    /** A handler whose method is inherited, as with a base class from a library. */
    public abstract static class BaseHandler {
        public Object handleRequest(Object input, Object context) {
            return input;
        }
    }

    public static final class SampleHandler extends BaseHandler {
        public String describe() {
            return "sample";
        }
    }

    private Path project(String name) throws IOException {
        Path classes = dir.resolve(name).resolve("classes");
        copyClass(SampleHandler.class, classes);
        copyClass(BaseHandler.class, classes);
        Files.writeString(classes.resolve("application.properties"), "greeting=hello\n");
        return classes;
    }

    private static void copyClass(Class<?> type, Path classes) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(entry);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            Files.write(target, in.readAllBytes());
        }
    }

    private Path sqliteJar(Path where, boolean withLinux) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes());
        entries.put("org/sqlite/JDBC.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        if (withLinux) {
            entries.put("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so", elf(X86_64));
            entries.put("org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", elf(AARCH64));
        }
        entries.put("org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so", elf(AARCH64));
        entries.put("org/sqlite/native/FreeBSD/aarch64/libsqlitejdbc.so", elf(AARCH64, 9));
        entries.put("org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib", Fixtures.machO(0x0100000C));
        entries.put("org/sqlite/native/Windows/x86_64/sqlitejdbc.dll", Fixtures.pe(0x8664));
        return Fixtures.jar(where.resolve("sqlite-jdbc-3.50.3.0.jar"), entries);
    }

    private BundleRequest request(Path classes, List<BundleDependency> deps, Architecture arch, boolean strip) {
        Path target = classes.getParent();
        return new BundleRequest(
                classes,
                deps,
                arch,
                strip,
                List.of(),
                null,
                BundleRequest.RuntimeInclusion.AUTO,
                "0.1.0",
                target.resolve("fn-lambda.zip"),
                target.resolve("streambot"),
                TIME,
                BundleRequest.LAMBDA_UNZIPPED_LIMIT,
                235_929_600L,
                BundleRequest.LAMBDA_DIRECT_UPLOAD_LIMIT,
                List.of());
    }

    private static BundleRequest with(
            BundleRequest r, String handler, long maxUnzipped, List<NativeArtifactRule> rules) {
        return new BundleRequest(
                r.classesDirectory(),
                r.dependencies(),
                r.architecture(),
                r.stripForeignNatives(),
                rules,
                handler,
                r.includeRuntime(),
                r.runtimeVersion(),
                r.zipFile(),
                r.workDirectory(),
                r.timestamp(),
                maxUnzipped,
                r.warnUnzippedBytes(),
                r.warnZippedBytes(),
                List.of());
    }

    private static BundleRequest withTemplate(BundleRequest r, String template) {
        return new BundleRequest(
                r.classesDirectory(),
                r.dependencies(),
                r.architecture(),
                r.stripForeignNatives(),
                r.nativeMappings(),
                r.handler(),
                r.includeRuntime(),
                r.runtimeVersion(),
                r.zipFile(),
                r.workDirectory(),
                r.timestamp(),
                r.maxUnzippedBytes(),
                r.warnUnzippedBytes(),
                r.warnZippedBytes(),
                FunctionHandlers.of(
                        StackTemplate.parse("service.yaml", template), "src/main/cloudformation/service.yaml"));
    }

    private static BundleDependency sqlite(Path jar) {
        return new BundleDependency("org.xerial", "sqlite-jdbc", "3.50.3.0", "", jar);
    }

    private static List<String> names(Path zip) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            return zf.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private static List<String> namesInside(Path zip, String jarEntry) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile());
                ZipInputStream jar = new ZipInputStream(zf.getInputStream(zf.getEntry(jarEntry)))) {
            List<String> names = new ArrayList<>();
            for (var e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                names.add(e.getName());
            }
            return names;
        }
    }

    private LambdaBundler bundler() {
        return new LambdaBundler(ArtifactResolver.none(), events);
    }

    @Test
    void layoutIsClassesAtTheRootAndJarsInLib() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        BundleReport report = bundler()
                .bundle(request(classes, List.of(sqlite(jar)), Architecture.X86_64, true))
                .orElseThrow();

        Path zip = classes.getParent().resolve("fn-lambda.zip");
        assertThat(names(zip))
                .contains(
                        "application.properties",
                        "io/streambot/core/bundle/LambdaBundlerTest$SampleHandler.class",
                        "lib/",
                        "lib/sqlite-jdbc-3.50.3.0.jar");
        assertThat(report.biggestJars())
                .extracting(BundleReport.JarSize::jar)
                .containsExactly("sqlite-jdbc-3.50.3.0.jar");
        assertThat(report.entries()).isEqualTo(names(zip).size());
        assertThat(report.zippedBytes()).isEqualTo(Files.size(zip));
        assertThat(LambdaBundler.reportFile(classes.getParent().resolve("streambot")))
                .exists();
        Path reportFile = LambdaBundler.reportFile(classes.getParent().resolve("streambot"));
        assertThat(Files.readString(reportFile)).isEqualTo(report.toJson());
        assertThat(BundleReport.read(reportFile)).isEqualTo(report);
        JsonNode json = new ObjectMapper().readTree(reportFile.toFile());
        assertThat(json.get("architecture").asText()).isEqualTo("x86_64");
        assertThat(json.get("biggestJars").get(0).get("jar").asText()).isEqualTo("sqlite-jdbc-3.50.3.0.jar");
        assertThat(json.get("biggestJars").get(0).get("bytes").asLong())
                .isEqualTo(report.biggestJars().get(0).bytes());
    }

    @Test
    void withALayerTheJarsGoToJavaLibOfTheLayerAndTheFunctionZipKeepsItsOwnFiles() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        Path layerZip = classes.getParent().resolve("fn-layer.zip");
        BundleReport report = bundler()
                .bundle(request(classes, List.of(sqlite(jar)), Architecture.X86_64, true)
                        .withLayer(layerZip))
                .orElseThrow();

        Path zip = classes.getParent().resolve("fn-lambda.zip");
        assertThat(names(zip))
                .contains("application.properties", "io/streambot/core/bundle/LambdaBundlerTest$SampleHandler.class")
                .noneMatch(n -> n.startsWith("lib/"));
        assertThat(names(layerZip)).containsExactly("java/", "java/lib/", "java/lib/sqlite-jdbc-3.50.3.0.jar");
        assertThat(report.zippedBytes()).isEqualTo(Files.size(zip));
        LayerReport layer = LayerReport.readIfPresent(classes.getParent().resolve("streambot"));
        assertThat(layer).isNotNull();
        assertThat(layer.sha256()).isEqualTo(BundleFingerprint.sha256(layerZip));
        assertThat(layer.zippedBytes()).isEqualTo(Files.size(layerZip));
        assertThat(layer.architecture()).isEqualTo("x86_64");
        assertThat(layer.jars()).containsExactly("sqlite-jdbc-3.50.3.0.jar");
        assertThat(layer.unzippedBytes())
                .as("the stripped jar is what the layer holds")
                .isEqualTo(Files.size(classes.getParent()
                        .resolve("streambot")
                        .resolve("stripped")
                        .resolve("sqlite-jdbc-3.50.3.0.jar")));
        assertThat(log).anyMatch(l -> l.startsWith("INFO Layer " + layerZip + ": 1 jars in java/lib/"));
    }

    @Test
    void twoModulesWithTheSameDependenciesGetByteIdenticalLayersAndTheUpToDateCheckCoversTheLayer() throws Exception {
        Path jar = sqliteJar(dir.resolve("m2"), true);
        Path a = project("a");
        Path b = project("b");
        Files.writeString(b.resolve("application.properties"), "greeting=another function\n");
        BundleRequest ra = request(a, List.of(sqlite(jar)), Architecture.ARM64, true)
                .withLayer(a.getParent().resolve("fn-layer.zip"));
        BundleRequest rb = request(b, List.of(sqlite(jar)), Architecture.ARM64, true)
                .withLayer(b.getParent().resolve("fn-layer.zip"));
        bundler().bundle(ra);
        bundler().bundle(rb);
        assertThat(Files.readAllBytes(ra.layerZipFile())).isEqualTo(Files.readAllBytes(rb.layerZipFile()));
        assertThat(Files.readAllBytes(ra.zipFile())).isNotEqualTo(Files.readAllBytes(rb.zipFile()));

        assertThat(bundler().bundle(ra)).isEmpty();
        Files.delete(ra.layerZipFile());
        assertThat(bundler().bundle(ra)).as("a deleted layer zip").isPresent();
        assertThat(ra.layerZipFile()).exists();
        Files.setLastModifiedTime(ra.layerZipFile(), java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        assertThat(bundler().bundle(ra)).as("a layer zip touched by hand").isPresent();
        assertThat(bundler().bundle(ra)).isEmpty();

        assertThat(bundler().bundle(request(a, List.of(sqlite(jar)), Architecture.ARM64, true)))
                .as("switching the layer off is another input")
                .isPresent();
        assertThat(names(ra.zipFile())).contains("lib/sqlite-jdbc-3.50.3.0.jar");
        assertThat(LayerReport.readIfPresent(ra.workDirectory()))
                .as("no layer report is left for deploy-stack")
                .isNull();
    }

    @Test
    void foreignNativesAreStrippedAndOnlyTheTargetsLibraryIsLeft() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        BundleReport report = bundler()
                .bundle(request(classes, List.of(sqlite(jar)), Architecture.ARM64, true))
                .orElseThrow();

        List<String> inside = namesInside(classes.getParent().resolve("fn-lambda.zip"), "lib/sqlite-jdbc-3.50.3.0.jar");
        assertThat(inside)
                .filteredOn(NativeLibraryScanner::isNativeLibraryName)
                .containsExactly("org/sqlite/native/Linux/aarch64/libsqlitejdbc.so");
        assertThat(inside).contains("META-INF/MANIFEST.MF", "org/sqlite/JDBC.class");
        assertThat(report.stripped()).singleElement().satisfies(s -> {
            assertThat(s.dependency()).isEqualTo("org.xerial:sqlite-jdbc:3.50.3.0");
            assertThat(s.librariesRemoved()).isEqualTo(5);
            assertThat(s.bytesRemoved()).isPositive();
        });
        assertThat(log).anyMatch(l -> l.startsWith("INFO Stripped 5 native libraries for other platforms"));
        assertThat(jar).exists(); // the repository's jar is never touched
        assertThat(new NativeStripper(Architecture.ARM64, new ReproducibleZip(TIME)).scan(jar))
                .hasSize(6);
    }

    @Test
    void twoBundlesOfTheSameInputsAreByteIdentical() throws Exception {
        Path jar = sqliteJar(dir.resolve("m2"), true);
        Path a = project("a");
        Path b = project("b");
        // Different file times on disk must not matter.
        Files.setLastModifiedTime(b.resolve("application.properties"), java.nio.file.attribute.FileTime.fromMillis(0));
        bundler().bundle(request(a, List.of(sqlite(jar)), Architecture.ARM64, true));
        bundler().bundle(request(b, List.of(sqlite(jar)), Architecture.ARM64, true));
        assertThat(Files.readAllBytes(a.getParent().resolve("fn-lambda.zip")))
                .isEqualTo(Files.readAllBytes(b.getParent().resolve("fn-lambda.zip")));
    }

    @Test
    void aForeignNativeLeftInsideFailsNamingTheDependencyAndTheFix() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        assertThatThrownBy(() -> bundler().bundle(request(classes, List.of(sqlite(jar)), Architecture.ARM64, false)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("lib/sqlite-jdbc-3.50.3.0.jar (org.xerial:sqlite-jdbc:3.50.3.0) carries"
                        + " org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib, a native library for macos aarch64, but"
                        + " the function runs on linux aarch64: turn <stripForeignNatives>"
                        + " (-Dstreambot.stripForeignNatives) back on, or exclude org.xerial:sqlite-jdbc if the"
                        + " function does not use it")
                .hasMessageContaining(
                        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so, a native library for linux x86_64")
                .hasMessageContaining(
                        "org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so, a native library for linux-musl aarch64");
        assertThat(classes.getParent().resolve("fn-lambda.zip")).doesNotExist();
    }

    @Test
    void aKnownNativeDependencyWithoutTheTargetsLibraryFails() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), false);
        assertThatThrownBy(() -> bundler().bundle(request(classes, List.of(sqlite(jar)), Architecture.ARM64, true)))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("org.xerial:sqlite-jdbc:3.50.3.0 needs a native library for linux aarch64 and"
                        + " lib/sqlite-jdbc-3.50.3.0.jar has none: it carries only linux-musl aarch64")
                .hasMessageEndingWith("Use a version of org.xerial:sqlite-jdbc built for linux aarch64, or add a"
                        + " <nativeMapping> for it with the classifier that is");
        assertThat(classes.getParent().resolve("fn-lambda.zip")).doesNotExist();
    }

    @Test
    void aUserMappingThatPicksTheWrongClassifierFailsNamingTheMapping() throws Exception {
        Path classes = project("fn");
        Path x86Jar = Fixtures.jar(
                dir.resolve("m2/epoll-x86.jar"),
                Map.of("META-INF/native/libnetty_transport_native_epoll_x86_64.so", elf(X86_64)));
        ArtifactResolver resolver = new NativeClassifierResolverTest.RecordingResolver() {
            @Override
            public BundleDependency resolve(String g, String a, String v, String c) {
                return new BundleDependency(g, a, v, c, x86Jar);
            }
        };
        BundleDependency epoll =
                new BundleDependency("io.netty", "netty-transport-native-epoll", "4.1.126.Final", "osx-x86_64", x86Jar);
        NativeArtifactRule wrong = NativeArtifactRule.fromPom(
                "io.netty:netty-transport-native-epoll", "linux-x86_64", "linux-x86_64", null);
        BundleRequest r = with(
                request(classes, List.of(epoll), Architecture.ARM64, true),
                null,
                BundleRequest.LAMBDA_UNZIPPED_LIMIT,
                List.of(wrong));
        assertThatThrownBy(() -> new LambdaBundler(resolver, events).bundle(r))
                .isInstanceOf(BundleException.class)
                .hasMessage("io.netty:netty-transport-native-epoll:4.1.126.Final:linux-x86_64 needs a native library"
                        + " for linux aarch64 and lib/netty-transport-native-epoll-4.1.126.Final-linux-x86_64.jar has"
                        + " none: it carries only linux x86_64"
                        + " (META-INF/native/libnetty_transport_native_epoll_x86_64.so). The <nativeMappings> entry"
                        + " for io.netty:netty-transport-native-epoll picks 'linux-x86_64' for arm64: set <arm64> to"
                        + " the classifier built for linux aarch64");
    }

    @Test
    void aSecondBundleOfUnchangedInputsDoesNothing() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        BundleRequest r = request(classes, List.of(sqlite(jar)), Architecture.X86_64, true);
        assertThat(bundler().bundle(r)).isPresent();
        Path zip = r.zipFile();
        long written = Files.getLastModifiedTime(zip).toMillis();
        log.clear();

        assertThat(bundler().bundle(r)).isEmpty();
        assertThat(log)
                .containsExactly("INFO bundle is up to date: " + zip + " (no input changed since the last bundle)");
        assertThat(Files.getLastModifiedTime(zip).toMillis()).isEqualTo(written);

        Files.writeString(classes.resolve("application.properties"), "greeting=bonjour\n");
        assertThat(bundler().bundle(r)).as("a changed resource").isPresent();
        assertThat(bundler().bundle(r)).isEmpty();
        Files.setLastModifiedTime(zip, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        assertThat(bundler().bundle(r)).as("a zip touched by hand").isPresent();
        assertThat(bundler()
                        .bundle(new BundleRequest(
                                r.classesDirectory(),
                                r.dependencies(),
                                Architecture.ARM64,
                                true,
                                List.of(),
                                null,
                                r.includeRuntime(),
                                r.runtimeVersion(),
                                r.zipFile(),
                                r.workDirectory(),
                                r.timestamp(),
                                r.maxUnzippedBytes(),
                                r.warnUnzippedBytes(),
                                r.warnZippedBytes(),
                                List.of())))
                .as("another architecture is another input")
                .isPresent();
    }

    @Test
    void aBundleAboveTheLimitFailsBeforeWritingAnything() throws Exception {
        Path classes = project("fn");
        Path jar = sqliteJar(dir.resolve("m2"), true);
        BundleRequest r =
                with(request(classes, List.of(sqlite(jar)), Architecture.X86_64, true), null, 1000, List.of());
        assertThatThrownBy(() -> bundler().bundle(r))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("bytes unzipped, above the limit of 1000 bytes (<maxUnzippedBytes>,"
                        + " -Dstreambot.bundle.maxUnzippedBytes; Lambda allows 262144000): biggest jars"
                        + " sqlite-jdbc-3.50.3.0.jar");
        assertThat(r.zipFile()).doesNotExist();
    }

    @Test
    void theHandlerMustExistInTheBundle() throws Exception {
        Path classes = project("fn");
        BundleRequest base = request(classes, List.of(), Architecture.X86_64, true);
        String handlerClass = SampleHandler.class.getName();

        assertThat(bundler().bundle(with(base, handlerClass + "::describe", base.maxUnzippedBytes(), List.of())))
                .isPresent();
        // Only the class: Lambda calls handleRequest, here inherited from the base class.
        assertThat(bundler().bundle(with(base, handlerClass, base.maxUnzippedBytes(), List.of())))
                .isPresent();

        assertThatThrownBy(() ->
                        bundler().bundle(with(base, handlerClass + "::handle", base.maxUnzippedBytes(), List.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<handler> (-Dstreambot.handler) = '" + handlerClass + "::handle' names a method that "
                        + handlerClass + " does not have: name a public method of " + handlerClass
                        + " (Lambda calls handleRequest when only the class is given)");
        assertThatThrownBy(() -> bundler()
                        .bundle(with(base, "com.example.Missing::handleRequest", base.maxUnzippedBytes(), List.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<handler> (-Dstreambot.handler) = 'com.example.Missing::handleRequest' names a"
                        + " class that is not in the bundle");
        assertThatThrownBy(() -> bundler()
                        .bundle(with(base, "com.example.Handler:handleRequest", base.maxUnzippedBytes(), List.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("is not a Lambda Java handler");
    }

    @Test
    void theTemplatesJavaHandlersMustExistInTheBundle() throws Exception {
        Path classes = project("fn");
        BundleRequest base = request(classes, List.of(), Architecture.X86_64, true);
        String handlerClass = SampleHandler.class.getName();
        String template =
                """
                Resources:
                  Ingest:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                      Handler: %s
                  Report:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java17
                      Handler: %s
                """;

        assertThat(bundler().bundle(withTemplate(base, template.formatted(handlerClass, handlerClass + "::describe"))))
                .isPresent();
        assertThat(log)
                .contains("INFO Checked the handlers of src/main/cloudformation/service.yaml against the bundle: "
                        + handlerClass + " (resource Ingest), " + handlerClass + "::describe (resource Report)");

        // Nothing else changed: the template's handlers are an input, so the check runs again.
        assertThatThrownBy(() -> bundler()
                        .bundle(withTemplate(
                                base, template.formatted(handlerClass, "com.example.Missing::handleRequest"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Handler of resource Report in src/main/cloudformation/service.yaml ="
                        + " 'com.example.Missing::handleRequest' names a class that is not in the bundle: check the"
                        + " class name (package included) against src/main/java, or add the dependency that holds"
                        + " com.example.Missing (or set <handler> to this bundle's own handler when Report runs the"
                        + " code of another bundle)");
        assertThatThrownBy(() -> bundler()
                        .bundle(withTemplate(base, template.formatted(handlerClass + "::handle", handlerClass))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Handler of resource Ingest in src/main/cloudformation/service.yaml = '" + handlerClass
                        + "::handle' names a method that " + handlerClass + " does not have: name a public method of "
                        + handlerClass + " (Lambda calls handleRequest when only the class is given)");
        assertThatThrownBy(() ->
                        bundler().bundle(withTemplate(base, template.formatted(handlerClass, "index.handler:main"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Handler of resource Report in src/main/cloudformation/service.yaml ="
                        + " 'index.handler:main' is not a Lambda Java handler");
    }

    @Test
    void theRuntimeIsAddedOnceAlwaysOrWhenTheFunctionUsesIt() throws Exception {
        Path classes = project("fn");
        Path core = Fixtures.jar(
                dir.resolve("m2/core.jar"), Map.of("com/amazonaws/services/lambda/runtime/Context.class", new byte[4]));
        Path runtime = Fixtures.jar(
                dir.resolve("m2/runtime.jar"), Map.of("io/streambot/runtime/StreambotHandler.class", new byte[4]));
        List<String> asked = new ArrayList<>();
        ArtifactResolver resolver = new ArtifactResolver() {
            @Override
            public BundleDependency resolve(String g, String a, String v, String c) throws IOException {
                throw new IOException("not expected");
            }

            @Override
            public List<BundleDependency> resolveWithDependencies(String g, String a, String v) {
                asked.add(g + ":" + a + ":" + v);
                return List.of(
                        new BundleDependency(g, a, v, "", runtime),
                        new BundleDependency("com.amazonaws", "aws-lambda-java-core", "1.4.0", "", core));
            }
        };
        BundleDependency alreadyThere =
                new BundleDependency("com.amazonaws", "aws-lambda-java-core", "1.4.0", "", core);
        BundleRequest base = request(classes, List.of(alreadyThere), Architecture.X86_64, true);
        BundleRequest r = new BundleRequest(
                base.classesDirectory(),
                base.dependencies(),
                base.architecture(),
                true,
                List.of(),
                null,
                BundleRequest.RuntimeInclusion.ALWAYS,
                "0.1.0",
                base.zipFile(),
                base.workDirectory(),
                TIME,
                base.maxUnzippedBytes(),
                base.warnUnzippedBytes(),
                base.warnZippedBytes(),
                List.of());
        new LambdaBundler(resolver, events).bundle(r);

        assertThat(asked).containsExactly("io.streambot:streambot-runtime:0.1.0");
        assertThat(names(r.zipFile()))
                .filteredOn(n -> n.startsWith("lib/") && n.endsWith(".jar"))
                .containsExactly("lib/aws-lambda-java-core-1.4.0.jar", "lib/streambot-runtime-0.1.0.jar");

        // Auto without any use of the runtime: nothing is asked.
        asked.clear();
        new LambdaBundler(resolver, events).bundle(base);
        assertThat(asked).isEmpty();

        // Auto when a class of the function refers to the runtime's package.
        Files.write(
                classes.resolve("UsesRuntime.class"),
                "\u00ca\u00fe io/streambot/runtime/StreambotHandler".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new LambdaBundler(resolver, events).bundle(base);
        assertThat(asked).containsExactly("io.streambot:streambot-runtime:0.1.0");
        assertThat(log).contains("INFO Adding io.streambot:streambot-runtime:0.1.0 to lib/: the function uses it");
    }

    @Test
    void jarsWhoseNamesCollideArePrefixedByTheirGroup() throws Exception {
        Path classes = project("fn");
        Path one = Fixtures.jar(dir.resolve("m2/one.jar"), Map.of("a/A.class", new byte[4]));
        Path two = Fixtures.jar(dir.resolve("m2/two.jar"), Map.of("b/B.class", new byte[4]));
        BundleRequest r = request(
                classes,
                List.of(
                        new BundleDependency("org.one", "annotations", "1.0", "", one),
                        new BundleDependency("org.two", "annotations", "1.0", "", two)),
                Architecture.X86_64,
                true);
        bundler().bundle(r);
        assertThat(names(r.zipFile())).contains("lib/org.one.annotations-1.0.jar", "lib/org.two.annotations-1.0.jar");
    }

    @Test
    void aReactorModuleResolvedToItsClassesDirectoryIsJarred() throws Exception {
        Path classes = project("fn");
        Path moduleClasses = dir.resolve("module/target/classes");
        Files.createDirectories(moduleClasses.resolve("com/example/shared"));
        Files.writeString(moduleClasses.resolve("com/example/shared/Names.txt"), "shared");
        BundleRequest r = request(
                classes,
                List.of(new BundleDependency("com.example", "shared", "1.0-SNAPSHOT", "", moduleClasses)),
                Architecture.X86_64,
                true);
        bundler().bundle(r);
        assertThat(namesInside(r.zipFile(), "lib/shared-1.0-SNAPSHOT.jar")).contains("com/example/shared/Names.txt");

        Files.writeString(moduleClasses.resolve("com/example/shared/Names.txt"), "changed");
        assertThat(bundler().bundle(r)).as("a change in the module").isPresent();
    }

    @Test
    void badParametersNameTheirElement() {
        assertThatThrownBy(() -> Architecture.parse("aarch64"))
                .hasMessage("<architecture> (-Dstreambot.architecture) = 'aarch64' is not a Lambda architecture: set it"
                        + " to x86_64 or arm64, the value of the function's Architectures property");
        assertThatThrownBy(() -> BundleRequest.parseTimestamp("yesterday"))
                .hasMessageStartingWith(
                        "<outputTimestamp> (-Dproject.build.outputTimestamp) = 'yesterday' is not a date-time");
        assertThat(BundleRequest.parseTimestamp("2026-01-01T00:00:00Z")).isEqualTo(TIME);
        assertThat(BundleRequest.parseTimestamp("1767225600")).isEqualTo(TIME);
        assertThat(BundleRequest.parseTimestamp(null)).isEqualTo(ReproducibleZip.DEFAULT_TIMESTAMP);
        assertThatThrownBy(() -> BundleRequest.RuntimeInclusion.parse("sometimes"))
                .hasMessageStartingWith("<includeRuntime> (-Dstreambot.includeRuntime) = 'sometimes'");
    }
}
