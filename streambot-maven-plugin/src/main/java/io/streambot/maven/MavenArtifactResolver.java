package io.streambot.maven;

import io.streambot.core.bundle.ArtifactResolver;
import io.streambot.core.bundle.BundleDependency;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/** The core's {@link ArtifactResolver} on Maven's resolver, with the build's session and repositories. */
final class MavenArtifactResolver implements ArtifactResolver {
    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    MavenArtifactResolver(
            RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    @Override
    public BundleDependency resolve(String groupId, String artifactId, String version, String classifier)
            throws IOException {
        Artifact wanted = new DefaultArtifact(groupId, artifactId, classifier, "jar", version);
        try {
            ArtifactResult result = system.resolveArtifact(session, new ArtifactRequest(wanted, repositories, null));
            return toDependency(result.getArtifact());
        } catch (ArtifactResolutionException e) {
            throw new IOException("cannot resolve " + wanted + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<BundleDependency> resolveWithDependencies(String groupId, String artifactId, String version)
            throws IOException {
        Artifact root = new DefaultArtifact(groupId, artifactId, "", "jar", version);
        CollectRequest collect = new CollectRequest(new Dependency(root, "runtime"), repositories);
        DependencyRequest request = new DependencyRequest(
                collect,
                (node, parents) -> node.getDependency() == null
                        || (RUNTIME_SCOPES.contains(node.getDependency().getScope())
                                && !node.getDependency().isOptional()));
        try {
            List<BundleDependency> result = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                result.add(toDependency(r.getArtifact()));
            }
            return result;
        } catch (DependencyResolutionException e) {
            throw new IOException("cannot resolve " + root + " with its dependencies: " + e.getMessage(), e);
        }
    }

    private static BundleDependency toDependency(Artifact a) {
        return new BundleDependency(
                a.getGroupId(),
                a.getArtifactId(),
                a.getVersion(),
                a.getClassifier(),
                a.getFile().toPath());
    }
}
