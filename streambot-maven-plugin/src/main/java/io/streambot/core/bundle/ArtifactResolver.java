package io.streambot.core.bundle;

import java.io.IOException;
import java.util.List;

/** How the core asks its host (Maven's resolver) for artifacts it does not have yet. */
public interface ArtifactResolver {
    /**
     * Resolves one jar, e.g. the same artifact with another classifier.
     *
     * @param classifier empty for none
     * @return the dependency, with its file
     * @throws IOException when it cannot be resolved; the message says what was asked for and why it failed
     */
    BundleDependency resolve(String groupId, String artifactId, String version, String classifier) throws IOException;

    /** Resolves a jar with its runtime dependencies (itself first). */
    List<BundleDependency> resolveWithDependencies(String groupId, String artifactId, String version)
            throws IOException;

    /** A resolver for builds that must not resolve anything: every call fails with a clear message. */
    static ArtifactResolver none() {
        return new ArtifactResolver() {
            @Override
            public BundleDependency resolve(String g, String a, String v, String c) throws IOException {
                throw new IOException("cannot resolve " + g + ":" + a + ":" + v + ":" + c + ": no resolver here");
            }

            @Override
            public List<BundleDependency> resolveWithDependencies(String g, String a, String v) throws IOException {
                throw new IOException("cannot resolve " + g + ":" + a + ":" + v + ": no resolver here");
            }
        };
    }
}
