package io.streambot.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a bundle's dependency layer holds ({@code <layer>true</layer>}), as
 * {@code target/streambot/layer-report.json}: read by {@code deploy-stack}'s layer checks, which need the
 * layer's unzipped size, architecture and content hash without opening the zip.
 *
 * @param zip the layer zip's path
 * @param sha256 the layer zip's SHA-256 in hex: its content address, the last segment of its S3 key
 * @param architecture the Lambda architecture its native code was made for ({@code x86_64}, {@code arm64})
 * @param jars the jars under {@code java/lib/}, in name order
 */
public record LayerReport(
        String zip,
        String sha256,
        String architecture,
        int entries,
        long zippedBytes,
        long unzippedBytes,
        List<String> jars) {

    /** Where a bundle writes the report of its layer. */
    public static final String FILE = "layer-report.json";

    /** The directory of a Java layer's jars: Lambda puts it on the class path as {@code /opt/java/lib}. */
    public static final String LIB_DIRECTORY = "java/lib/";

    private static final ObjectWriter JSON =
            new ObjectMapper().writerFor(LayerReport.class).withDefaultPrettyPrinter();

    public LayerReport {
        jars = List.copyOf(jars);
    }

    /** Where the report of the layer built into {@code workDirectory} ({@code target/streambot}) is. */
    public static Path file(Path workDirectory) {
        return workDirectory.resolve(FILE);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.writeString(file, JSON.writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a layer report is always JSON", e);
        }
    }

    /** The report in {@code workDirectory}, or null when its module bundles without a layer. */
    public static LayerReport readIfPresent(Path workDirectory) throws IOException {
        Path file = file(workDirectory);
        return Files.isRegularFile(file) ? new ObjectMapper().readValue(file.toFile(), LayerReport.class) : null;
    }
}
