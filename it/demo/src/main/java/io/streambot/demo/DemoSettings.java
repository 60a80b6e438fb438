package io.streambot.demo;

import io.streambot.testkit.AwsEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the main job runs: the repository, the demo's work folder, the Maven that runs the child
 * builds and the repositories they use. All of it comes from system properties the demo's pom sets.
 *
 * @param root the repository's root
 * @param work {@code it/demo/target/demo}: logs, the events written, the plan
 * @param mavenHome the Maven running this build
 * @param localRepository the demo's own local repository (invoker:install put this build's artifacts there)
 * @param userRepository the user's local repository, read as a remote for everything else
 * @param version the streambot version under test
 * @param region the region every goal and the function use
 * @param endpoint an external AWS-compatible endpoint, {@code aws} for a real account, or empty for the
 *     embedded servers
 */
record DemoSettings(
        Path root,
        Path work,
        String mavenHome,
        Path localRepository,
        Path userRepository,
        String version,
        String region,
        String endpoint) {

    static DemoSettings fromSystemProperties() {
        Path root = Path.of(required("streambot.root")).toAbsolutePath().normalize();
        return new DemoSettings(
                root,
                root.resolve("it/demo/target/demo"),
                required("maven.home"),
                Path.of(required("demo.localRepository")),
                Path.of(required("demo.userRepository")),
                required("streambot.version"),
                regionFromProperties(),
                System.getProperty("streambot.endpoint", "").trim());
    }

    /** -Dstreambot.region; on the embedded servers the kit's region when it is not given. */
    private static String regionFromProperties() {
        String region = System.getProperty("streambot.region", "").trim();
        if (!region.isEmpty()) {
            return region;
        }
        if (!System.getProperty("streambot.endpoint", "").isBlank()) {
            throw new IllegalStateException("-Dstreambot.region is not set: against an external endpoint or account,"
                    + " give the region to deploy to, such as -Dstreambot.region=eu-west-1");
        }
        return AwsEndpoints.region().id();
    }

    /** The goals of {@code goals} that the plugin in the demo's local repository does not have. */
    List<String> missingGoals(List<String> goals) {
        Path jar = localRepository.resolve(
                "io/streambot/streambot-maven-plugin/" + version + "/streambot-maven-plugin-" + version + ".jar");
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            String descriptor = Files.readString(zip.getPath("META-INF/maven/plugin.xml"));
            return goals.stream()
                    .filter(goal -> !descriptor.contains("<goal>" + goal + "</goal>"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the plugin's descriptor in " + jar
                            + " (invoker:install puts it there during the demo build)",
                    e);
        }
    }

    boolean embedded() {
        return endpoint.isEmpty();
    }

    Path logs() {
        return work.resolve("logs");
    }

    Path example(String name) {
        return root.resolve("it/examples").resolve(name);
    }

    /** A settings.xml that reads the user's local repository as a remote one, so nothing is downloaded twice. */
    Path mavenSettings() {
        Path file = work.resolve("settings.xml");
        if (!Files.exists(file)) {
            String xml =
                    """
                    <settings>
                      <profiles>
                        <profile>
                          <id>user-repository</id>
                          <activation><activeByDefault>true</activeByDefault></activation>
                          <repositories>
                            <repository><id>user-repository</id><url>%1$s</url>
                              <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                              <snapshots><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></snapshots></repository>
                          </repositories>
                          <pluginRepositories>
                            <pluginRepository><id>user-repository</id><url>%1$s</url>
                              <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                              <snapshots><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></snapshots></pluginRepository>
                          </pluginRepositories>
                        </profile>
                      </profiles>
                    </settings>
                    """
                            .formatted(userRepository.toUri());
            try {
                Files.createDirectories(work);
                Files.writeString(file, xml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + property
                            + " is not set: run the main job with `mvn -B -Pdemo -DskipTests verify` from the repository's root");
        }
        return value;
    }
}
