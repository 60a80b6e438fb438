package io.streambot.core.bundle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Replaces every per-platform artifact of the function by its Linux build for the target
 * architecture, whatever classifier the pom asked for ({@code ${os.detected.classifier}} on a Mac
 * gives {@code osx-aarch_64}), and collapses the families that drag in every platform's classifier
 * (netty-tcnative-boringssl-static) into the one jar Lambda needs.
 */
public final class NativeClassifierResolver {
    private final NativeClassifierTable table;
    private final ArtifactResolver resolver;

    public NativeClassifierResolver(NativeClassifierTable table, ArtifactResolver resolver) {
        this.table = table;
        this.resolver = resolver;
    }

    /**
     * The function's dependencies made right for the target.
     *
     * @param swaps one line per artifact whose classifier changed, e.g. {@code
     *     io.netty:netty-transport-native-epoll:4.1.126.Final linux-x86_64 -> linux-aarch_64}
     */
    public record Resolution(List<BundleDependency> dependencies, List<String> swaps) {}

    /**
     * @throws BundleException when an artifact known to need a native has no build for the target
     * @throws IOException when the resolver cannot get the target's classifier
     */
    public Resolution resolve(List<BundleDependency> dependencies, Architecture target) throws IOException {
        Map<String, List<BundleDependency>> families = dependencies.stream()
                .collect(Collectors.groupingBy(BundleDependency::key, LinkedHashMap::new, Collectors.toList()));
        List<BundleDependency> result = new ArrayList<>();
        List<String> swaps = new ArrayList<>();
        for (Map.Entry<String, List<BundleDependency>> family : families.entrySet()) {
            List<BundleDependency> members = family.getValue();
            Optional<NativeArtifactRule> rule = table.ruleFor(family.getKey());
            boolean anyClassifier =
                    members.stream().anyMatch(d -> !d.classifier().isEmpty());
            if (rule.isEmpty()
                    || !rule.get().hasClassifiers()
                    || (!anyClassifier && rule.get().defaultJar() == NativeArtifactRule.DefaultJar.STRIP)) {
                result.addAll(members);
                continue;
            }
            NativeArtifactRule r = rule.get();
            String wanted = r.classifierFor(target);
            BundleDependency first = members.get(0);
            if (wanted == null) {
                if (r.defaultJar() == NativeArtifactRule.DefaultJar.STRIP) {
                    wanted = "";
                } else {
                    throw new BundleException(first.key() + ":" + first.version() + " has no build for linux "
                            + target.nativeName() + " (" + r.source() + "): use <architecture>x86_64</architecture>,"
                            + " replace the dependency, or add a <nativeMapping> for " + first.key()
                            + " with the classifier built for " + target.lambdaName());
                }
            }
            String targetClassifier = wanted;
            BundleDependency chosen = members.stream()
                    .filter(d -> d.classifier().equals(targetClassifier))
                    .findFirst()
                    .orElse(null);
            if (chosen == null) {
                chosen = resolver.resolve(first.groupId(), first.artifactId(), first.version(), targetClassifier);
            }
            String from = members.stream()
                    .filter(d -> !d.classifier().equals(targetClassifier))
                    .map(d -> d.classifier().isEmpty() ? "(no classifier)" : d.classifier())
                    .collect(Collectors.joining(", "));
            if (!from.isEmpty()) {
                swaps.add(first.key() + ":" + first.version() + " " + from + " -> "
                        + (targetClassifier.isEmpty() ? "(no classifier)" : targetClassifier));
            }
            result.add(chosen);
        }
        return new Resolution(List.copyOf(result), List.copyOf(swaps));
    }
}
