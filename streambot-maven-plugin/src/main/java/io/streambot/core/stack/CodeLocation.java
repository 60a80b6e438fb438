package io.streambot.core.stack;

import io.streambot.core.upload.UploadManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code upload} put a zip of code: bucket, key and (on a versioned bucket) the object version.
 * The version may be null.
 */
public record CodeLocation(String bucket, String key, String version) {

    /**
     * Reads {@code target/streambot/upload.json} as written by the {@code upload} goal ({@link UploadManifest}).
     *
     * @param section null for the service's code, {@code providers} for the primary stack's
     * @return null when the file or the section is absent
     */
    public static CodeLocation fromUploadJson(Path file, String section) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<String, Object> root = UploadManifest.read(file);
            Object node = section == null ? root : root.get(section);
            if (!(node instanceof Map<?, ?> fields)) {
                return null;
            }
            String bucket = text(fields, "bucket");
            String key = text(fields, "key");
            return bucket == null || key == null ? null : new CodeLocation(bucket, key, text(fields, "version"));
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

    private static String text(Map<?, ?> fields, String field) {
        Object v = fields.get(field);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
