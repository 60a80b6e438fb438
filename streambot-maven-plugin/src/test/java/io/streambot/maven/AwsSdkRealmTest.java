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
 * The AWS goals' SDK: listed at build time, resolved flat by Maven's resolver from a local repository and
 * added to a plexus {@link ClassRealm} like the one Maven gives the plugin; and what a user reads when it
 * cannot be resolved.
 */
class AwsSdkRealmTest {
    private static final String S3_CLIENT = "software.amazon.awssdk.services.s3.S3Client";

    @Test
    void theListIsTheSdkThisPluginIsBuiltAndTestedWith() {
        List<Artifact> artifacts = AwsSdkRealm.artifacts();
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
        Artifact plain = AwsSdkRealm.parse(
                "   software.amazon.awssdk:s3:jar:2.57.8:provided -- module software.amazon.awssdk.services.s3 [auto]");
        assertThat(plain.toString()).isEqualTo("software.amazon.awssdk:s3:jar:2.57.8");
        assertThat(AwsSdkRealm.parse("   g:a:jar:linux-x86_64:1.0:provided").toString())
                .isEqualTo("g:a:jar:linux-x86_64:1.0");
        assertThat(AwsSdkRealm.parse("The following files have been resolved:")).isNull();
        assertThat(AwsSdkRealm.parse("")).isNull();
    }

    @Test
    void anAwsGoalAddsTheSdkToItsRealmOnce() throws Exception {
        RepositorySystem system = repositorySystem();
        DefaultRepositorySystemSession session = session(system, localRepositoryOfTheBuild(), true);
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutSdk(world);
            assertThat(AwsSdkRealm.visible(realm)).isFalse();

            AwsSdkRealm.load(realm, system, session, List.of());

            assertThat(realm.loadClass(S3_CLIENT).getClassLoader()).isSameAs(realm);
            Class<?> factory = realm.loadClass("io.streambot.core.aws.AwsClientFactory");
            assertThat(factory.getDeclaredMethods()).isNotEmpty();
            int urls = realm.getURLs().length;
            AwsSdkRealm.load(realm, system, session, List.of());
            assertThat(realm.getURLs()).hasSize(urls);
        }
    }

    @Test
    void offlineWithoutTheSdkTheMessageNamesTheArtifactsAndTheFix(@TempDir Path emptyRepository) throws Exception {
        RepositorySystem system = repositorySystem();
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutSdk(world);
            int urls = realm.getURLs().length;
            assertThatThrownBy(() ->
                            AwsSdkRealm.load(realm, system, session(system, emptyRepository.toFile(), true), List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("could not resolve the AWS SDK (")
                    .hasMessageContaining("software.amazon.awssdk:s3:jar:")
                    .hasMessageContaining("run one AWS goal without -o to fetch them");
            assertThat(realm.getURLs()).as("nothing added").hasSize(urls);
            assertThat(AwsSdkRealm.visible(realm)).isFalse();
        }
    }

    @Test
    void onlineWithoutARepositoryThatHasItTheMessageNamesThePluginRepositories(@TempDir Path emptyRepository)
            throws Exception {
        RepositorySystem system = repositorySystem();
        try (ClassWorld world = new ClassWorld()) {
            ClassRealm realm = pluginRealmWithoutSdk(world);
            assertThatThrownBy(() -> AwsSdkRealm.load(
                            realm, system, session(system, emptyRepository.toFile(), false), List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("software.amazon.awssdk:sdk-core:jar:")
                    .hasMessageContaining("<pluginRepositories>");
        }
    }

    @Test
    void outsideAPluginRealmWithoutTheSdkTheGoalSaysSo() throws Exception {
        try (URLClassLoader plain = MojoClassesWithoutSdkTest.classPathWithoutSdk()) {
            assertThatThrownBy(() -> AwsSdkRealm.load(plain, repositorySystem(), null, List.of()))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("need the AWS SDK");
        }
    }

    @Test
    void whenTheSdkIsAlreadyVisibleNothingIsResolved() throws Exception {
        // The harness tests' case: the SDK is on the class path; no session is needed.
        AwsSdkRealm.load(getClass().getClassLoader(), null, null, null);
        assertThat(AwsSdkRealm.visible(getClass().getClassLoader())).isTrue();
    }

    private static ClassRealm pluginRealmWithoutSdk(ClassWorld world) throws Exception {
        ClassRealm realm = world.newRealm("plugin", ClassLoader.getPlatformClassLoader());
        try (URLClassLoader withoutSdk = MojoClassesWithoutSdkTest.classPathWithoutSdk()) {
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
