package io.streambot.maven;

import io.streambot.core.bundle.NativeArtifactRule;

/**
 * One {@code <nativeMapping>} of {@code streambot:bundle}: which classifier of an artifact is built for
 * Linux on each Lambda architecture.
 */
public class NativeMapping {
    /** {@code groupId:artifactId} of the artifact. */
    private String artifact;

    /** The classifier built for Linux x86_64; empty or {@code -} when there is none. */
    private String x86_64;

    /** The classifier built for Linux aarch64; empty or {@code -} when there is none. */
    private String arm64;

    /**
     * What the jar without a classifier holds: {@code strip} (every platform's library: keep it and strip
     * the others) or {@code swap} (the default: replace it by the classifier jar).
     */
    private String defaultJar;

    NativeArtifactRule toRule() {
        return NativeArtifactRule.fromPom(artifact, x86_64, arm64, defaultJar);
    }
}
