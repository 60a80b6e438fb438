package io.streambot.bench.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import io.streambot.runtime.StreambotEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * The jars each contender puts into a function's bundle: streambot's runtime (its jar plus the
 * {@code runtime-classpath.txt} its build writes), a bare SDK v2 {@code dynamodb} with the default
 * HTTP client, and Powertools' parameters module. The last two are resolved by a child Maven build of a
 * generated pom that imports the same SDK BOM as streambot, so every contender runs the same SDK.
 */
final class Contenders {
    /**
     * The Powertools release compared with: 2.x's {@code powertools-parameters-dynamodb} does not resolve
     * from the registry these builds use, and 1.18.0's parameters module has the same DynamoDbProvider.
     */
    static final String POWERTOOLS = "software.amazon.lambda:powertools-parameters:1.18.0";

    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    /** One contender's jars. */
    record Jars(String name, List<Path> jars) {
        /** The jars a function bundle gains: all but {@code aws-lambda-java-core}, which every handler has. */
        List<Path> added() {
            return jars.stream()
                    .filter(j -> !j.getFileName().toString().startsWith("aws-lambda-java-core-"))
                    .toList();
        }

        long addedBytes() {
            return added().stream().mapToLong(Contenders::size).sum();
        }

        /** The class path of a JVM running this contender and the benchmark's own main classes. */
        String classPath() {
            List<String> entries = new ArrayList<>();
            entries.add(location(ColdStartMains.class).toString());
            jars.forEach(j -> entries.add(j.toString()));
            if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("aws-lambda-java-core-"))) {
                entries.add(location(Context.class).toString());
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
    }

    private Contenders() {}

    /** Where the generated poms and resolved class paths go: the benchmarks module's target directory. */
    static Path workDirectory() {
        return location(ColdStartMains.class).getParent().resolve("runtime-contenders");
    }

    static Jars streambot() {
        Path target = location(StreambotEnv.class).getParent();
        Path classpathFile = target.resolve("runtime-classpath.txt");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(
                            p -> p.getFileName().toString().matches("streambot-runtime-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no streambot-runtime jar in " + target
                            + ": run the benchmarks with 'verify' so the runtime is packaged"));
            List<Path> jars = new ArrayList<>();
            jars.add(jar);
            jars.addAll(readClassPath(classpathFile));
            return new Jars("streambot", jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Jars bareSdk(Path work) throws IOException, InterruptedException {
        return new Jars(
                "bare SDK",
                resolve(work.resolve("bare-sdk"), "software.amazon.awssdk:dynamodb:" + VersionInfo.SDK_VERSION));
    }

    static Jars powertools(Path work) throws IOException, InterruptedException {
        return new Jars("Powertools", resolve(work.resolve("powertools"), POWERTOOLS));
    }

    private static List<Path> resolve(Path dir, String coordinates) throws IOException, InterruptedException {
        String[] gav = coordinates.split(":");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("pom.xml"),
                """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>software.amazon.awssdk</groupId>
                        <artifactId>bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>%s</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                </project>
                """
                        .formatted(dir.getFileName(), VersionInfo.SDK_VERSION, gav[0], gav[1], gav[2]));
        Path out = dir.resolve("classpath.txt");
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder(
                        "mvn",
                        "-B",
                        "-q",
                        "-f",
                        dir.resolve("pom.xml").toString(),
                        DEPENDENCY_PLUGIN + ":build-classpath",
                        "-Dmdep.includeScope=runtime",
                        "-Dmdep.outputFile=" + out)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!mvn.waitFor(5, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new IllegalStateException("could not resolve " + coordinates + " with Maven: see " + log);
        }
        return readClassPath(out);
    }

    private static List<Path> readClassPath(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file + ": run the benchmarks with 'verify' so it is written");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        return text.isEmpty()
                ? List.of()
                : Arrays.stream(text.split(java.io.File.pathSeparator))
                        .map(Path::of)
                        .toList();
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
