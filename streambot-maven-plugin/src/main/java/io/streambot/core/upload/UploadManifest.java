package io.streambot.core.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code target/streambot/upload.json}: where upload put the code (and the providers' code), for
 * deploy-stack and for people. Fields: {@code bucket}, {@code key}, {@code version}, {@code sha256},
 * {@code sha256Base64}, {@code artifactId}, {@code sent}, and optionally a {@code layer} object (the
 * module's dependency layer, {@code <layer>true</layer>}) and a {@code providers} object with the same fields.
 */
public final class UploadManifest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UploadManifest() {}

    /** Writes the manifest; {@code providers} may be null. */
    public static void write(Path file, String artifactId, UploadResult code, UploadResult providers)
            throws IOException {
        write(file, artifactId, code, null, providers);
    }

    /** Writes the manifest; {@code layer} and {@code providers} may be null. */
    public static void write(
            Path file, String artifactId, UploadResult code, UploadResult layer, UploadResult providers)
            throws IOException {
        Map<String, Object> root = fields(code, artifactId);
        if (layer != null) {
            root.put("layer", fields(layer, artifactId));
        }
        if (providers != null) {
            root.put("providers", fields(providers, "streambot-providers"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** Reads the fields of a manifest written by {@link #write}. */
    public static Map<String, Object> read(Path file) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = JSON.readValue(file.toFile(), Map.class);
        return fields;
    }

    private static Map<String, Object> fields(UploadResult r, String artifactId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucket", r.bucket());
        m.put("key", r.key());
        m.put("version", r.version());
        m.put("sha256", r.sha256Hex());
        m.put("sha256Base64", r.sha256Base64());
        m.put("artifactId", artifactId);
        m.put("sent", r.sent());
        return m;
    }
}
