package io.streambot.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a bundle holds, for the build log and, as {@code target/streambot/bundle-report.json}, for
 * tooling.
 *
 * @param zip the zip's path
 * @param upToDate true when no input changed and the previous zip was kept
 * @param entries files and directories in the zip
 * @param biggestJars the largest jars in {@code lib/}, largest first
 * @param classifierSwaps one line per artifact whose native classifier was replaced
 * @param stripped the jars whose other-platform native libraries were removed
 * @param strippedBytes the uncompressed bytes removed from them
 */
public record BundleReport(
        String zip,
        String architecture,
        boolean upToDate,
        int entries,
        long zippedBytes,
        long unzippedBytes,
        List<JarSize> biggestJars,
        List<String> classifierSwaps,
        List<StrippedJar> stripped,
        long strippedBytes,
        String handler,
        List<String> warnings) {

    /** A jar of {@code lib/} and its size. */
    public record JarSize(String jar, long bytes) {}

    /** A jar that lost its other-platform native libraries. */
    public record StrippedJar(String jar, String dependency, int librariesRemoved, long bytesRemoved) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static BundleReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), BundleReport.class);
    }

    BundleReport asUpToDate() {
        return new BundleReport(
                zip,
                architecture,
                true,
                entries,
                zippedBytes,
                unzippedBytes,
                biggestJars,
                classifierSwaps,
                stripped,
                strippedBytes,
                handler,
                warnings);
    }
}
