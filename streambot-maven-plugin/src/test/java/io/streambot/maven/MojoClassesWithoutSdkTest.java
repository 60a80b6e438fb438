package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.aether.artifact.Artifact;
import org.junit.jupiter.api.Test;

/**
 * The goals' classes load, link and show their fields and methods (as Sisu does when it injects a Mojo)
 * without the AWS SDK and plexus-archiver, which the goals add to their realm only in {@code execute()}, when
 * they need them (RealmLibrary).
 */
class MojoClassesWithoutSdkTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyMojoClassLinksAndReflectsWithoutTheSdk() throws Exception {
        List<String> mojos = mojoClasses();
        assertThat(mojos).contains("io.streambot.maven.BundleMojo", "io.streambot.maven.RunStreamMojo");
        try (URLClassLoader withoutSdk = classPathWithoutRealmLibraries()) {
            assertThat(RealmLibrary.AWS_SDK.visible(withoutSdk)).isFalse();
            assertThat(RealmLibrary.ZIP_WRITER.visible(withoutSdk)).isFalse();
            for (String name : mojos) {
                // initialize = true: the class is verified, which loads every type its catch blocks and casts name
                for (Class<?> c = Class.forName(name, true, withoutSdk);
                        c != null && c != Object.class;
                        c = c.getSuperclass()) {
                    assertThat(c.getDeclaredFields()).as(c.getName()).isNotNull();
                    assertThat(c.getDeclaredMethods()).as(c.getName()).isNotNull();
                    assertThat(c.getDeclaredConstructors()).as(c.getName()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void aSkippedAwsGoalRunsWithoutTheSdk() throws Exception {
        try (URLClassLoader withoutSdk = classPathWithoutRealmLibraries()) {
            for (String goal : List.of(
                    "UploadMojo",
                    "PutEnvMojo",
                    "DeployStackMojo",
                    "TeardownMojo",
                    "LogsMojo",
                    "InvokeMojo",
                    "RunStreamMojo")) {
                Class<?> type = Class.forName("io.streambot.maven." + goal, true, withoutSdk);
                Object mojo = type.getDeclaredConstructor().newInstance();
                Field skip = type.getDeclaredField("skip");
                skip.setAccessible(true);
                skip.setBoolean(mojo, true);
                // No session, project or resolver: a skipped goal that tried to fetch the SDK would fail here.
                type.getMethod("execute").invoke(mojo);
                assertThat(RealmLibrary.AWS_SDK.visible(withoutSdk)).as(goal).isFalse();
            }
        }
    }

    @Test
    void theGuardSeesAClassThatNeedsPlexusArchiver() throws Exception {
        try (URLClassLoader withoutArchiver = classPathWithoutRealmLibraries()) {
            assertThatThrownBy(() -> Class.forName("io.streambot.core.bundle.ReproducibleZip", true, withoutArchiver)
                            .getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class)
                    .hasMessageContaining("org/codehaus/plexus");
        }
    }

    @Test
    void theGuardSeesAClassThatNeedsTheSdk() throws Exception {
        try (URLClassLoader withoutSdk = classPathWithoutRealmLibraries()) {
            assertThatThrownBy(() -> Class.forName("io.streambot.core.aws.AwsClientFactory", true, withoutSdk)
                            .getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class)
                    .hasMessageContaining("software/amazon/awssdk");
        }
    }

    /**
     * The test class path less every jar a {@link RealmLibrary} lists (and any other SDK jar the tests bring): what
     * a goal's realm holds before {@code execute()} loads one.
     */
    static URLClassLoader classPathWithoutRealmLibraries() throws IOException {
        List<String> listed = new ArrayList<>();
        for (RealmLibrary library : RealmLibrary.values()) {
            for (Artifact a : library.artifacts()) {
                listed.add("/" + a.getGroupId().replace('.', '/') + "/" + a.getArtifactId() + "/" + a.getBaseVersion()
                        + "/");
            }
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace(File.separatorChar, '/');
            if (normalized.contains("/software/amazon/") || listed.stream().anyMatch(normalized::contains)) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static List<String> mojoClasses() throws IOException {
        try (Stream<Path> files = Files.list(CLASSES.resolve("io/streambot/maven"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Mojo.class"))
                    .map(n -> "io.streambot.maven." + n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }
}
