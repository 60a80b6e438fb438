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
 * A library that the plugin declares {@code provided} and adds to its own class realm only when a goal needs it:
 * Maven neither reads its poms nor loads or indexes its jars for a goal that does not. The goal calls
 * {@link #load} first, which resolves the exact jars this plugin was built with (the list the build wrote with
 * {@code dependency:list}: a flat artifact resolve, no pom collection) from the local repository or the build's
 * plugin repositories, and adds them to this plugin's realm. Nothing that names one of the library's types may be
 * loaded before: the Mojo classes mention none (MojoClassesWithoutSdkTest).
 */
enum RealmLibrary {
    /** The AWS goals' SDK clients: not in the realm of {@code bundle}, {@code create} or a skipped goal. */
    AWS_SDK(
            "the AWS SDK",
            "aws-sdk-artifacts.txt",
            "software.amazon.awssdk.core.SdkClient",
            "streambot's AWS goals",
            "run one AWS goal without -o to fetch them, then -o works",
            "software.amazon.awssdk"),
    /** plexus-archiver, which writes the bundle's zips: not in the realm of a no-op {@code bundle}. */
    ZIP_WRITER(
            "plexus-archiver",
            "plexus-archiver-artifacts.txt",
            "org.codehaus.plexus.archiver.zip.ZipArchiver",
            "streambot:bundle",
            "run the bundle once without -o to fetch them, then -o works",
            "org.codehaus.plexus");

    /** The name of the list, one {@code groupId:artifactId:type[:classifier]:version:scope} per line. */
    final String artifactsFile;

    /** A class of the library: when it is visible (the tests' class path, an earlier goal), nothing is done. */
    final String probe;

    private final String title;
    private final String user;
    private final String offlineFix;
    private final String groupId;

    RealmLibrary(String title, String artifactsFile, String probe, String user, String offlineFix, String groupId) {
        this.title = title;
        this.artifactsFile = artifactsFile;
        this.probe = probe;
        this.user = user;
        this.offlineFix = offlineFix;
        this.groupId = groupId;
    }

    /**
     * Makes the library visible to this plugin's classes, resolving it when needed.
     *
     * @param loader the plugin's class loader (Maven's plugin realm)
     * @throws MojoExecutionException naming the artifacts that could not be resolved and the fix
     */
    void load(
            ClassLoader loader,
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories)
            throws MojoExecutionException {
        if (visible(loader)) {
            return;
        }
        if (!(loader instanceof ClassRealm realm)) {
            throw new MojoExecutionException(user + ": this goal needs " + title + ", which it adds to Maven's"
                    + " plugin class realm, but it runs in " + loader + ", not in such a realm: put " + groupId
                    + "'s jars on its class path");
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

    boolean visible(ClassLoader loader) {
        try {
            Class.forName(probe, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The library's artifacts as this plugin was built with them. */
    List<Artifact> artifacts() {
        try (InputStream in = RealmLibrary.class.getResourceAsStream(artifactsFile)) {
            if (in == null) {
                throw new IllegalStateException(artifactsFile + " is missing from the plugin: rebuild it");
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
                throw new IllegalStateException(artifactsFile + " lists no artifact: rebuild the plugin");
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

    private List<URL> resolve(
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
                    user + " could not resolve " + title + " (" + missing + "): " + e.getMessage() + ". "
                            + (session.isOffline()
                                    ? "The build is offline (-o) and the local repository lacks them: " + offlineFix
                                    : "Check that a plugin repository (<pluginRepositories>, or a mirror in"
                                            + " settings.xml) serves " + groupId + ", as it served the plugin"),
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
