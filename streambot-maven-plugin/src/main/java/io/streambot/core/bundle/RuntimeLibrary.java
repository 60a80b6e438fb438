package io.streambot.core.bundle;

import io.streambot.core.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Adds {@code io.streambot:streambot-runtime} with its dependencies when the function uses it and lacks it. */
final class RuntimeLibrary {
    private static final byte[] RUNTIME_PACKAGE = "io/streambot/runtime/".getBytes(StandardCharsets.UTF_8);

    private final ArtifactResolver resolver;
    private final Events events;

    RuntimeLibrary(ArtifactResolver resolver, Events events) {
        this.resolver = resolver;
        this.events = events;
    }

    List<BundleDependency> addIfUsed(BundleRequest request, List<BundleContents.RootFile> rootFiles)
            throws IOException {
        List<BundleDependency> dependencies = request.dependencies();
        String runtimeKey = BundleRequest.RUNTIME_GROUP_ID + ":" + BundleRequest.RUNTIME_ARTIFACT_ID;
        boolean present = dependencies.stream().anyMatch(d -> d.key().equals(runtimeKey));
        boolean wanted =
                switch (request.includeRuntime()) {
                    case NEVER -> false;
                    case ALWAYS -> true;
                    case AUTO -> usesRuntime(request, rootFiles);
                };
        if (!wanted || present) {
            return dependencies;
        }
        Set<String> have = dependencies.stream().map(BundleDependency::key).collect(Collectors.toSet());
        List<BundleDependency> all = new ArrayList<>(dependencies);
        for (BundleDependency d : resolver.resolveWithDependencies(
                BundleRequest.RUNTIME_GROUP_ID, BundleRequest.RUNTIME_ARTIFACT_ID, request.runtimeVersion())) {
            if (have.add(d.key())) {
                all.add(d);
            }
        }
        events.info("Adding " + runtimeKey + ":" + request.runtimeVersion() + " to lib/: the function uses it");
        return all;
    }

    private static boolean usesRuntime(BundleRequest request, List<BundleContents.RootFile> rootFiles)
            throws IOException {
        if (request.handlers().stream().anyMatch(h -> h.startsWith("io.streambot.runtime."))) {
            return true;
        }
        for (BundleContents.RootFile f : rootFiles) {
            if (f.name().endsWith(".class") && contains(Files.readAllBytes(f.file()), RUNTIME_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
