package io.streambot.it;

import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalDynamoDb;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.MavenInvocationException;

/**
 * Runs a child Maven build of a project under {@code src/it-live/NAME} against the plugin under test:
 * the project is copied to {@code target/it-live/NAME[-suffix]}, {@code @project.version@} in its pom
 * is replaced with the plugin's version, and the build uses the module's {@code target/local-repo}
 * (where invoker:install put the plugin) fed from the user's local repository. Used by failsafe ITs
 * that first start live local servers with the test kit and pass their endpoints as properties.
 */
public final class ChildBuild {
    private final String project;
    private final Path directory;
    private final List<String> goals = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private ChildBuild(String project, Path directory) {
        this.project = project;
        this.directory = directory;
    }

    /** A fresh copy of {@code src/it-live/<project>} in its own work directory named {@code project-suffix}. */
    public static ChildBuild of(String project, String suffix) {
        Path source = Path.of(required("it.projects")).resolve(project);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("no live IT project " + source);
        }
        return copyOf(source, suffix == null ? project : project + "-" + suffix);
    }

    /**
     * A fresh copy of any project folder (an example of the repository) in the work directory {@code name}; the
     * build runs in the copy, so the test may edit it.
     */
    public static ChildBuild copyOf(Path source, String name) {
        Path target = Path.of(required("it.workDirectory")).resolve(name);
        deleteRecursively(target);
        copy(source, target);
        return new ChildBuild(source.getFileName().toString(), target);
    }

    /** Another build of the same copy (as the test left it), with no goals, properties or variables yet. */
    public ChildBuild again() {
        return new ChildBuild(project, directory);
    }

    /** An environment variable of the child build (for example an {@code AWS_ENDPOINT_URL_*} setting). */
    public ChildBuild environment(String name, Object value) {
        environment.put(name, String.valueOf(value));
        return this;
    }

    /** A goal of the plugin under test, by its full coordinates: {@code io.streambot:streambot-maven-plugin:VERSION:goal}. */
    public static String goal(String goal) {
        return "io.streambot:streambot-maven-plugin:" + required("streambot.version") + ":" + goal;
    }

    /**
     * A child build of {@code project} that runs {@code streambot:put-env} into {@code table} of the kit's
     * DynamoDB (through its endpoint when the kit runs it locally), in the kit's region.
     */
    static ChildBuild putEnv(String project, String suffix, LocalDynamoDb dynamo, String table) {
        ChildBuild build = of(project, suffix)
                .goals(goal("put-env"))
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.envTable", table);
        dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        return build;
    }

    public ChildBuild goals(String... goals) {
        this.goals.addAll(List.of(goals));
        return this;
    }

    public ChildBuild property(String name, Object value) {
        properties.put(name, String.valueOf(value));
        return this;
    }

    /** The project's copy; files the build wrote are under it. */
    public Path directory() {
        return directory;
    }

    /** Runs the build (batch mode, errors shown) and returns its exit code and log. */
    public Result run() {
        try {
            Result result = maven(
                    required("maven.home"),
                    directory,
                    goals,
                    properties,
                    true,
                    writeSettings(directory.resolve("it-settings.xml")),
                    environment);
            Files.writeString(directory.resolve("build.log"), result.log());
            return result;
        } catch (MavenInvocationException | IOException e) {
            throw new IllegalStateException("child build of " + project + " did not run", e);
        }
    }

    /** The outcome of a child build. */
    public record Result(int exitCode, String log, Path directory) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs the Maven of {@code mavenHome} in {@code directory} in batch mode with the build's local repository
     * and the given settings file, and returns its exit code and log (standard output and error, in order).
     */
    static Result maven(
            String mavenHome,
            Path directory,
            List<String> goals,
            Map<String, String> properties,
            boolean showErrors,
            Path settings)
            throws MavenInvocationException {
        return maven(mavenHome, directory, goals, properties, showErrors, settings, Map.of());
    }

    /** As {@link #maven(String, Path, List, Map, boolean, Path)}, with environment variables for the child. */
    static Result maven(
            String mavenHome,
            Path directory,
            List<String> goals,
            Map<String, String> properties,
            boolean showErrors,
            Path settings,
            Map<String, String> environment)
            throws MavenInvocationException {
        StringBuilder log = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest()
                .setBaseDirectory(directory.toFile())
                .setGoals(goals)
                .setBatchMode(true)
                .setShowErrors(showErrors)
                .setLocalRepositoryDirectory(new File(required("it.localRepository")))
                .setUserSettingsFile(settings.toFile())
                .setOutputHandler(line -> log.append(line).append('\n'))
                .setErrorHandler(line -> log.append(line).append('\n'));
        Properties props = new Properties();
        props.putAll(properties);
        request.setProperties(props);
        environment.forEach(request::addShellEnvironment);
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenHome(new File(mavenHome));
        InvocationResult result = invoker.execute(request);
        return new Result(result.getExitCode(), log.toString(), directory);
    }

    /**
     * Writes the settings child builds run with to {@code file}: the build's own local repository as their
     * remote one, whose checksums are not checked (it has no checksum files).
     */
    static Path writeSettings(Path file) throws IOException {
        String userRepo = Path.of(required("it.userRepository")).toUri().toString();
        String xml =
                """
                <settings>
                  <profiles>
                    <profile>
                      <id>it-repo</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <repositories>
                        <repository><id>local.central</id><url>%1$s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></snapshots></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>local.central</id><url>%1$s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></snapshots></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                </settings>
                """
                        .formatted(userRepo);
        Files.writeString(file, xml);
        return file;
    }

    private static void copy(Path source, Path target) {
        String version = required("streambot.version");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (source.relativize(p).toString().matches("(.*/)?target(/.*)?")) {
                    continue; // what a build of the source left there is not part of the project
                }
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (p.getFileName().toString().equals("pom.xml")) {
                    Files.writeString(dest, Files.readString(p).replace("@project.version@", version));
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and all below it, if it exists. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system property failsafe sets, or a message saying to run through failsafe. */
    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + property + " is not set: run this test through failsafe");
        }
        return value;
    }
}
