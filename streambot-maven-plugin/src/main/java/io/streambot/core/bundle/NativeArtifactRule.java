package io.streambot.core.bundle;

import io.streambot.core.InvalidConfigurationException;
import java.util.Locale;

/**
 * What the bundle knows about one artifact that carries native code: the classifier to use on each
 * Lambda architecture, and what its jar without a classifier holds.
 *
 * @param key {@code groupId:artifactId}
 * @param x86_64Classifier the classifier built for Linux x86_64, or null when the artifact has none
 * @param arm64Classifier the classifier built for Linux aarch64, or null when the artifact has none
 * @param defaultJar what to do with the jar without a classifier
 * @param source where the rule comes from, for messages: "built-in table" or "<nativeMappings>"
 */
public record NativeArtifactRule(
        String key, String x86_64Classifier, String arm64Classifier, DefaultJar defaultJar, String source) {

    /** What the jar without a classifier holds. */
    public enum DefaultJar {
        /** It has every platform's native: keep it and strip the others. */
        STRIP,
        /** It has no native for Lambda (or only pulls the classifier jars in): replace it by the classifier jar. */
        SWAP;

        static DefaultJar parse(String value, String element) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "strip" -> STRIP;
                case "swap", "" -> SWAP;
                default ->
                    throw new InvalidConfigurationException(
                            element,
                            null,
                            value,
                            "is neither strip nor swap",
                            "use strip when the jar without a classifier carries every platform's library, swap when"
                                    + " the classifier jar must replace it");
            };
        }
    }

    /** The classifier for the target, or null when there is no build of this artifact for it. */
    public String classifierFor(Architecture target) {
        return target == Architecture.ARM64 ? arm64Classifier : x86_64Classifier;
    }

    /** Whether the artifact comes in per-platform classifier jars at all. */
    public boolean hasClassifiers() {
        return x86_64Classifier != null || arm64Classifier != null;
    }

    /**
     * A rule given by the user in the pom's {@code <nativeMappings>}.
     *
     * @param artifact {@code groupId:artifactId}
     * @param x86_64 the classifier for x86_64, blank or "-" for none
     * @param arm64 the classifier for arm64, blank or "-" for none
     * @param defaultJar "strip" or "swap" (the default)
     */
    public static NativeArtifactRule fromPom(String artifact, String x86_64, String arm64, String defaultJar) {
        String element = "<nativeMappings><nativeMapping>";
        if (artifact == null || !artifact.trim().matches("[^:\\s]+:[^:\\s]+")) {
            throw new InvalidConfigurationException(
                    element + "<artifact>",
                    null,
                    artifact,
                    "is not groupId:artifactId",
                    "name the dependency as groupId:artifactId, e.g. io.netty:netty-transport-native-epoll");
        }
        String x = blankToNull(x86_64);
        String a = blankToNull(arm64);
        DefaultJar d = DefaultJar.parse(defaultJar, element + "<defaultJar>");
        if (x == null && a == null && d == DefaultJar.SWAP) {
            throw new InvalidConfigurationException(
                    element + "<artifact>",
                    null,
                    artifact.trim(),
                    "has neither <x86_64> nor <arm64> classifier",
                    "give the classifier built for each architecture, or <defaultJar>strip</defaultJar> when its"
                            + " default jar carries every platform");
        }
        return new NativeArtifactRule(artifact.trim(), x, a, d, "<nativeMappings>");
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() || s.trim().equals("-") ? null : s.trim();
    }
}
