package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code upload} put a zip of code: bucket, key and (on a versioned bucket) the object version.
 * The version may be null.
 */
public record CodeLocation(String bucket, String key, String version) {

    /**
     * Reads {@code target/streambot/upload.json} as written by the {@code upload} goal.
     *
     * @param section null for the service's code, {@code providers} for the primary stack's
     * @return null when the file or the section is absent
     */
    public static CodeLocation fromUploadJson(Path file, String section) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode node = section == null ? root : root.path(section);
            String bucket = text(node, "bucket");
            String key = text(node, "key");
            return bucket == null || key == null ? null : new CodeLocation(bucket, key, text(node, "version"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (written by the upload goal)", e);
        }
    }

    /** From values such as the build's {@code streambot.code.*} properties; null when bucket or key is missing. */
    public static CodeLocation of(String bucket, String key, String version) {
        if (isBlank(bucket) || isBlank(key)) {
            return null;
        }
        return new CodeLocation(bucket.trim(), key.trim(), isBlank(version) ? null : version.trim());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
