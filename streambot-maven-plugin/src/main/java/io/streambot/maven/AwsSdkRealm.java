package io.streambot.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;

/**
 * The AWS SDK of the goals that talk to AWS. The plugin declares it {@code provided}, so Maven neither reads
 * its poms nor loads its jars for {@code bundle}, {@code create} or a skipped goal; an AWS goal calls
 * {@link #load} first thing in {@code execute()}, which resolves the exact jars that this plugin was built
 * with (the list the build wrote, {@value #ARTIFACTS}: a flat artifact resolve, no pom collection) from the
 * local repository or the build's plugin repositories, and adds them to this plugin's class realm. Nothing
 * that names an SDK type may be loaded before: the Mojo classes do not mention one (MojoClassesWithoutSdkTest).
 */
final class AwsSdkRealm {
    /** The build-time list, one {@code groupId:artifactId:type[:classifier]:version:scope} per line. */
    static final String ARTIFACTS = "aws-sdk-artifacts.txt";

    /** A class of the SDK's core: when it is visible (the tests' class path, an earlier goal), nothing is done. */
    static final String PROBE = "software.amazon.awssdk.core.SdkClient";

    private AwsSdkRealm() {}

    /**
     * Makes the SDK visible to this plugin's classes, resolving it when needed.
     *
     * @param loader the plugin's class loader (Maven's plugin realm)
     * @throws MojoExecutionException naming the artifacts that could not be resolved and the fix
     */
    static void load(
            ClassLoader loader,
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories)
            throws MojoExecutionException {
        if (visible(loader)) {
            return;
        }
        if (!(loader instanceof ClassRealm realm)) {
            throw new MojoExecutionException("streambot's AWS goals need the AWS SDK, which they add to Maven's plugin"
                    + " class realm; this goal runs in " + loader + " without it: put software.amazon.awssdk's"
                    + " clients on its class path");
        }
        List<URL> jars = resolve(artifacts(), system, session, repositories);
        synchronized (realm) {
            Set<URL> present = new HashSet<>(Arrays.asList(realm.getURLs()));
            for (URL jar : jars) {
                if (present.add(jar)) {
                    realm.addURL(jar);
                }
            }
        }
    }

    static boolean visible(ClassLoader loader) {
        try {
            Class.forName(PROBE, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The SDK's artifacts as this plugin was built with them. */
    static List<Artifact> artifacts() {
        try (InputStream in = AwsSdkRealm.class.getResourceAsStream(ARTIFACTS)) {
            if (in == null) {
                throw new IllegalStateException(ARTIFACTS + " is missing from the plugin: rebuild it");
            }
            List<Artifact> result = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Artifact artifact = parse(line);
                if (artifact != null) {
                    result.add(artifact);
                }
            }
            if (result.isEmpty()) {
                throw new IllegalStateException(ARTIFACTS + " lists no artifact: rebuild the plugin");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of {@code dependency:list}; {@code null} for its header and blank lines. */
    static Artifact parse(String line) {
        String trimmed = line.trim();
        int end = trimmed.indexOf(' ');
        String coordinates = end < 0 ? trimmed : trimmed.substring(0, end);
        String[] p = coordinates.split(":");
        return switch (p.length) {
            case 5 -> new DefaultArtifact(p[0], p[1], "", p[2], p[3]);
            case 6 -> new DefaultArtifact(p[0], p[1], p[3], p[2], p[4]);
            default -> null;
        };
    }

    private static List<URL> resolve(
            List<Artifact> artifacts,
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories)
            throws MojoExecutionException {
        List<ArtifactRequest> requests = new ArrayList<>();
        for (Artifact a : artifacts) {
            requests.add(new ArtifactRequest(a, repositories, null));
        }
        List<ArtifactResult> results;
        try {
            results = system.resolveArtifacts(session, requests);
        } catch (ArtifactResolutionException e) {
            String missing = e.getResults().stream()
                    .filter(r -> !r.isResolved())
                    .map(r -> r.getRequest().getArtifact().toString())
                    .collect(Collectors.joining(", "));
            throw new MojoExecutionException(
                    "streambot's AWS goals could not resolve the AWS SDK (" + missing + "): " + e.getMessage() + ". "
                            + (session.isOffline()
                                    ? "The build is offline (-o) and the local repository lacks them: run one AWS"
                                            + " goal without -o to fetch them, then -o works"
                                    : "Check that a plugin repository (<pluginRepositories>, or a mirror in"
                                            + " settings.xml) serves software.amazon.awssdk, as it served the plugin"),
                    e);
        }
        List<URL> urls = new ArrayList<>();
        for (ArtifactResult r : results) {
            try {
                urls.add(r.getArtifact().getFile().toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("Not a URL: " + r.getArtifact().getFile(), e);
            }
        }
        return urls;
    }
}
