package io.streambot.core.bundle;

import io.streambot.core.Events;
import io.streambot.core.stack.TemplateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cheap first look of a rebuild: a digest of the raw inputs of the whole {@code bundle} goal (its parameters,
 * the template files' bytes, each class's and dependency's path, size and time), taken before any template is
 * parsed or any check runs. When it equals the one remembered after the last successful bundle, and the zips are
 * still the ones written then, nothing the goal reads has changed, so neither its checks nor the bundle can give
 * another answer, and all of it is skipped. Any changed input gives another digest, and the full goal (every check,
 * then {@link LambdaBundler} with its own content fingerprint) runs.
 */
public final class NoOpBundle {
    private static final String FILE = "bundle.inputs";

    /** The full goal: its checks and the bundle; {@code E} is what its caller's own steps may throw. */
    @FunctionalInterface
    public interface FullBundle<E extends Exception> {
        void run() throws IOException, E;
    }

    private NoOpBundle() {}

    /**
     * Runs {@code full} unless {@link #inputsKey the inputs} are those of the last successful run and its zips are
     * untouched; remembers the inputs after {@code full} returns normally.
     *
     * @return true when {@code full} ran
     */
    public static <E extends Exception> boolean bundleUnlessUnchanged(
            String inputsKey, Path workDirectory, Path zip, Path layerZip, Events events, FullBundle<E> full)
            throws IOException, E {
        Path file = workDirectory.resolve(FILE);
        if (upToDate(file, inputsKey, workDirectory, zip, layerZip)) {
            events.info("bundle is up to date: " + zip
                    + (layerZip == null ? "" : " and its layer " + layerZip)
                    + " (no input changed since the last bundle)");
            return false;
        }
        Files.deleteIfExists(file);
        full.run();
        Files.createDirectories(workDirectory);
        Files.writeString(
                file,
                inputsKey + "\n" + BundleFingerprint.zipStamp(zip) + "\n"
                        + (layerZip == null ? "" : BundleFingerprint.zipStamp(layerZip) + "\n"),
                StandardCharsets.UTF_8);
        return true;
    }

    /**
     * The digest of everything the goal reads: {@code parameters} (every parameter's value, as text), the bytes
     * of {@code explicitTemplate} or of every file of the template directory, and the path, size and time of
     * every file of {@code classesDirectory} and of each dependency (a file, or a reactor module's directory).
     */
    public static String inputsKey(
            String parameters,
            Path baseDir,
            Path explicitTemplate,
            Path classesDirectory,
            List<BundleDependency> dependencies)
            throws IOException {
        MessageDigest digest = BundleFingerprint.sha256();
        update(digest, "parameters:" + parameters);
        if (explicitTemplate != null) {
            Path file = explicitTemplate.isAbsolute() ? explicitTemplate : baseDir.resolve(explicitTemplate);
            templateFile(digest, file);
        } else {
            Path dir = baseDir.resolve(TemplateSource.CONVENTION_DIRECTORY);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.sorted().toList()) {
                        templateFile(digest, p);
                    }
                }
            }
        }
        stampTree(digest, "class", classesDirectory);
        for (BundleDependency d : dependencies) {
            update(digest, "dependency:" + d.coordinates());
            if (Files.isDirectory(d.file())) {
                stampTree(digest, "module", d.file());
            } else {
                stamp(digest, "jar", d.file());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean upToDate(Path file, String key, Path workDirectory, Path zip, Path layerZip)
            throws IOException {
        if (!Files.isRegularFile(file)
                || !Files.isRegularFile(zip)
                || !Files.isRegularFile(LambdaBundler.reportFile(workDirectory))) {
            return false;
        }
        if (layerZip != null
                && (!Files.isRegularFile(layerZip) || !Files.isRegularFile(LayerReport.file(workDirectory)))) {
            return false;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.size() == (layerZip == null ? 2 : 3)
                && lines.get(0).equals(key)
                && lines.get(1).equals(BundleFingerprint.zipStamp(zip))
                && (layerZip == null || lines.get(2).equals(BundleFingerprint.zipStamp(layerZip)));
    }

    private static void templateFile(MessageDigest digest, Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            update(digest, "template:" + file.toAbsolutePath() + "=" + BundleFingerprint.sha256(file));
        } else {
            update(digest, "template:" + file.toAbsolutePath() + " is no file");
        }
    }

    private static void stampTree(MessageDigest digest, String kind, Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            update(digest, kind + ": none");
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                stamp(digest, kind, p);
            }
        }
    }

    private static void stamp(MessageDigest digest, String kind, Path file) throws IOException {
        if (!Files.exists(file)) {
            update(digest, kind + ":" + file.toAbsolutePath() + " is missing");
            return;
        }
        update(
                digest,
                kind + ":" + file.toAbsolutePath() + ":" + Files.size(file) + "@"
                        + Files.getLastModifiedTime(file).toMillis());
    }

    private static void update(MessageDigest digest, String line) {
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
