package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.internal.impl.SimpleLocalRepositoryManagerFactory;
import org.eclipse.aether.repository.LocalRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries a goal adds to its realm when it needs them (the AWS goals' SDK, bundle's plexus-archiver): listed
 * at build time, resolved flat by Maven's resolver from a local repository and added to a plexus
 * {@link ClassRealm} like the one Maven gives the plugin; and what a user reads when one cannot be resolved.
 */
class RealmLibraryTest {
    private static final String S3_CLIENT = "software.amazon.awssdk.services.s3.S3Client";

    @Test
    void theListIsTheSdkThisPluginIsBuiltAndTestedWith() {
        List<Artifact> artifacts = RealmLibrary.AWS_SDK.artifacts();
        List<String> ids = artifacts.stream().map(Artifact::getArtifactId).toList();
        assertThat(ids)
                .contains("s3", "cloudformation", "dynamodb", "kinesis", "lambda", "cloudwatchlogs", "apache-client")
                .contains("sts", "sso", "ssooidc", "sdk-core", "httpclient")
                .doesNotContain("netty-nio-client", "apache5-client", "url-connection-client");
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path")
                .replace(File.separatorChar, '/')
                .split(File.pathSeparator));
        for (Artifact a : artifacts) {
            String jar = "/" + a.getArtifactId() + "/" + a.getBaseVersion() + "/" + a.getArtifactId() + "-"
                    + a.getVersion() + ".jar";
            assertThat(classPath).as(a.toString()).anyMatch(entry -> entry.endsWith(jar));
        }
    }

    @Test
    void aLineOfTheListIsAnArtifact() {
        Artifact plain = RealmLibrary.parse(
                "   software.amazon.awssdk:s3:jar:2.57.8:provided -- module software.amazon.awssdk.services.s3 [auto]");
        assertThat(plain.toString()).isEqualTo("software.amazon.awssdk:s3:jar:2.57.8");
        assertThat(RealmLibrary.parse("   g:a:jar:linux-x86_64:1.0:provided").toString())
                .isEqualTo("g:a:jar:linux-x86_64:1.0");
        assertThat(RealmLibrary.parse("The following files have been resolved:"))
                .isNull();
        assertThat(RealmLibrary.parse("")).isNull();
    }

    @Test
    void anAwsGoalAddsTheSdkToItsRealmOnce() throws Exception {
        RepositorySystem system = repositorySystem();
        DefaultRepositorySystemSession session = session(system, localRepositoryOfTheBuild(), true);
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutLibraries(world);
            assertThat(RealmLibrary.AWS_SDK.visible(realm)).isFalse();

            RealmLibrary.AWS_SDK.load(realm, system, session, List.of());

            assertThat(realm.loadClass(S3_CLIENT).getClassLoader()).isSameAs(realm);
            Class<?> factory = realm.loadClass("io.streambot.core.aws.AwsClientFactory");
            assertThat(factory.getDeclaredMethods()).isNotEmpty();
            int urls = realm.getURLs().length;
            RealmLibrary.AWS_SDK.load(realm, system, session, List.of());
            assertThat(realm.getURLs()).hasSize(urls);
        }
    }

    @Test
    void offlineWithoutTheSdkTheMessageNamesTheArtifactsAndTheFix(@TempDir Path emptyRepository) throws Exception {
        RepositorySystem system = repositorySystem();
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutLibraries(world);
            int urls = realm.getURLs().length;
            assertThatThrownBy(() -> RealmLibrary.AWS_SDK.load(
                            realm, system, session(system, emptyRepository.toFile(), true), List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("could not resolve the AWS SDK (")
                    .hasMessageContaining("software.amazon.awssdk:s3:jar:")
                    .hasMessageContaining("run one AWS goal without -o to fetch them");
            assertThat(realm.getURLs()).as("nothing added").hasSize(urls);
            assertThat(RealmLibrary.AWS_SDK.visible(realm)).isFalse();
        }
    }

    @Test
    void onlineWithoutARepositoryThatHasItTheMessageNamesThePluginRepositories(@TempDir Path emptyRepository)
            throws Exception {
        RepositorySystem system = repositorySystem();
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutLibraries(world);
            assertThatThrownBy(() -> RealmLibrary.AWS_SDK.load(
                            realm, system, session(system, emptyRepository.toFile(), false), List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("software.amazon.awssdk:sdk-core:jar:")
                    .hasMessageContaining("<pluginRepositories>");
        }
    }

    @Test
    void outsideAPluginRealmWithoutTheSdkTheGoalSaysSo() throws Exception {
        try (URLClassLoader plain = MojoClassesWithoutSdkTest.classPathWithoutRealmLibraries()) {
            assertThatThrownBy(() -> RealmLibrary.AWS_SDK.load(plain, repositorySystem(), null, List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("this goal needs the AWS SDK");
        }
    }

    @Test
    void whenTheSdkIsAlreadyVisibleNothingIsResolved() throws Exception {
        // The harness tests' case: the SDK is on the class path; no session is needed.
        RealmLibrary.AWS_SDK.load(getClass().getClassLoader(), null, null, null);
        assertThat(RealmLibrary.AWS_SDK.visible(getClass().getClassLoader())).isTrue();
    }

    @Test
    void theZipWriterListIsThePlexusArchiverThisPluginIsBuiltWith() {
        List<String> ids = RealmLibrary.ZIP_WRITER.artifacts().stream()
                .map(Artifact::getArtifactId)
                .toList();
        assertThat(ids)
                .contains("plexus-archiver", "plexus-io", "plexus-utils", "commons-compress", "commons-io")
                .doesNotContain("zstd-jni", "xz", "aircompressor", "s3", "maven-core");
    }

    @Test
    void bundleAddsPlexusArchiverToItsRealmAndThenWritesAZip(@TempDir Path dir) throws Exception {
        RepositorySystem system = repositorySystem();
        DefaultRepositorySystemSession session = session(system, localRepositoryOfTheBuild(), true);
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutLibraries(world);
            assertThat(RealmLibrary.ZIP_WRITER.visible(realm)).isFalse();
            Throwable before = org.assertj.core.api.Assertions.catchThrowable(
                    () -> writeOneEntry(realm, dir.resolve("before.zip")));
            assertThat(before).isNotNull();
            java.io.StringWriter trace = new java.io.StringWriter();
            before.printStackTrace(new java.io.PrintWriter(trace));
            assertThat(trace.toString().replace('/', '.')).contains("org.codehaus.plexus.archiver");
            assertThat(dir.resolve("before.zip")).doesNotExist();

            RealmLibrary.ZIP_WRITER.load(realm, system, session, List.of());

            assertThat(realm.loadClass(RealmLibrary.ZIP_WRITER.probe).getClassLoader())
                    .isSameAs(realm);
            Path zip = dir.resolve("after.zip");
            writeOneEntry(realm, zip);
            try (java.util.zip.ZipFile written = new java.util.zip.ZipFile(zip.toFile())) {
                assertThat(written.getEntry("a.txt")).isNotNull();
            }
        }
    }

    @Test
    void offlineWithoutPlexusArchiverTheMessageNamesItAndTheFix(@TempDir Path emptyRepository) throws Exception {
        RepositorySystem system = repositorySystem();
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutLibraries(world);
            int urls = realm.getURLs().length;
            assertThatThrownBy(() -> RealmLibrary.ZIP_WRITER.load(
                            realm, system, session(system, emptyRepository.toFile(), true), List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("streambot:bundle could not resolve plexus-archiver (")
                    .hasMessageContaining("org.codehaus.plexus:plexus-archiver:jar:")
                    .hasMessageContaining("run the bundle once without -o");
            assertThat(realm.getURLs()).as("nothing added").hasSize(urls);
        }
    }

    private static Object failOn(java.lang.reflect.Method method) {
        throw new UnsupportedOperationException(method.getName());
    }

    /** ReproducibleZip, loaded from the realm, writes one entry: it needs plexus-archiver's classes. */
    private static void writeOneEntry(ClassRealm realm, Path zip) throws Exception {
        Class<?> writer = realm.loadClass("io.streambot.core.bundle.ReproducibleZip");
        Class<?> entry = realm.loadClass("io.streambot.core.bundle.ReproducibleZip$Entry");
        Class<?> content = realm.loadClass("io.streambot.core.bundle.ReproducibleZip$Content");
        Object bytes = java.lang.reflect.Proxy.newProxyInstance(
                realm,
                new Class<?>[] {content},
                (proxy, method, args) -> "open".equals(method.getName())
                        ? new java.io.ByteArrayInputStream(new byte[] {1, 2, 3})
                        : failOn(method));
        Object one = entry.getMethod("of", String.class, content).invoke(null, "a.txt", bytes);
        Object instance = writer.getConstructor(java.time.Instant.class).newInstance(java.time.Instant.EPOCH);
        writer.getMethod("write", List.class, Path.class).invoke(instance, List.of(one), zip);
    }

    private static ClassRealm pluginRealmWithoutLibraries(ClassWorld world) throws Exception {
        ClassRealm realm = world.newRealm("plugin", ClassLoader.getPlatformClassLoader());
        try (URLClassLoader withoutSdk = MojoClassesWithoutSdkTest.classPathWithoutRealmLibraries()) {
            for (URL url : withoutSdk.getURLs()) {
                realm.addURL(url);
            }
        }
        return realm;
    }

    @SuppressWarnings("deprecation") // the service locator: a resolver without Maven's container, for a unit test
    private static RepositorySystem repositorySystem() {
        DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
        return locator.getService(RepositorySystem.class);
    }

    private static DefaultRepositorySystemSession session(
            RepositorySystem system, File localRepository, boolean offline) throws Exception {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(
                new SimpleLocalRepositoryManagerFactory().newInstance(session, new LocalRepository(localRepository)));
        session.setOffline(offline);
        return session;
    }

    /** The local repository this build resolved the SDK into: five folders above sdk-core's jar. */
    private static File localRepositoryOfTheBuild() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (jar.getFileName().toString().startsWith("sdk-core-")
                    && entry.replace(File.separatorChar, '/').contains("/software/amazon/awssdk/")) {
                return jar.getParent() // version
                        .getParent() // sdk-core
                        .getParent() // awssdk
                        .getParent() // amazon
                        .getParent() // software
                        .getParent()
                        .toFile();
            }
        }
        throw new IllegalStateException("sdk-core is not on the test class path");
    }
}
