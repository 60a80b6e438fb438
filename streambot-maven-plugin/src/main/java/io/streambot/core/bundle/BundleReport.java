package io.streambot.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a bundle holds, for the build log and, as {@code target/streambot/bundle-report.json}, for
 * tooling.
 *
 * @param zip the zip's path
 * @param entries files and directories in the zip
 * @param biggestJars the largest jars in {@code lib/}, largest first
 * @param classifierSwaps one line per artifact whose native classifier was replaced
 * @param stripped the jars whose other-platform native libraries were removed
 * @param strippedBytes the uncompressed bytes removed from them
 */
public record BundleReport(
        String zip,
        String architecture,
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

    private static final ObjectWriter JSON =
            new ObjectMapper().writerFor(BundleReport.class).withDefaultPrettyPrinter();

    /** Writes the report as JSON (only a bundle that was built writes one: the no-op path loads no Jackson). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson());
    }

    /** The report as JSON, its fields in the order of the record's components. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a bundle report is always JSON", e);
        }
    }

    /** Reads a report written by {@link #write}. */
    public static BundleReport read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), BundleReport.class);
    }
}
