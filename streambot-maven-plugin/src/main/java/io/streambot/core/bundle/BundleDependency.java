package io.streambot.core.bundle;

import java.nio.file.Path;

/**
 * A runtime dependency of the function, resolved to a file.
 *
 * @param classifier empty when the artifact has none
 */
public record BundleDependency(String groupId, String artifactId, String version, String classifier, Path file) {
    public BundleDependency {
        classifier = classifier == null ? "" : classifier;
    }

    /** {@code groupId:artifactId}, the key of the native classifier table. */
    public String key() {
        return groupId + ":" + artifactId;
    }

    /** {@code groupId:artifactId:version[:classifier]}, as a user reads it in {@code dependency:tree}. */
    public String coordinates() {
        return key() + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** The jar's name in {@code lib/}: {@code artifactId-version[-classifier].jar}. */
    public String jarName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
    }

    public BundleDependency withClassifier(String newClassifier, Path newFile) {
        return new BundleDependency(groupId, artifactId, version, newClassifier, newFile);
    }

    @Override
    public String toString() {
        return coordinates();
    }
}
