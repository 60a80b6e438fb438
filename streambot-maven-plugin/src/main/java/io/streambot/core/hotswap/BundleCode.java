package io.streambot.core.hotswap;

import io.streambot.core.stack.CodeLocation;
import io.streambot.core.upload.UploadManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uploaded bundle a hotswap puts live: where {@code upload} put it, and its SHA-256 in the form
 * Lambda reports as a function's {@code CodeSha256} (base64 of the zip's digest).
 */
public record BundleCode(CodeLocation location, String sha256Base64) {
    private static final Pattern HEX_KEY = Pattern.compile(".*/([0-9a-fA-F]{64})\\.zip$");

    /**
     * The {@code sha256Base64} field of the upload goal's {@code upload.json} when it describes the code at
     * {@code location}, else null.
     */
    public static String sha256Base64FromUploadJson(Path uploadJson, CodeLocation location) {
        if (location == null || !Files.isRegularFile(uploadJson)) {
            return null;
        }
        try {
            java.util.Map<String, Object> fields = UploadManifest.read(uploadJson);
            Object v = fields.get("sha256Base64");
            return v == null || !location.key().equals(fields.get("key")) ? null : v.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uploadJson + " (written by the upload goal)", e);
        }
    }

    /**
     * @param sha256Base64 the digest as upload reported it, or null to take it from the content-addressed
     *     key ({@code <prefix>/<artifactId>/<sha256 hex>.zip})
     * @return null when there is no location, or no digest and the key does not carry one
     */
    public static BundleCode of(CodeLocation location, String sha256Base64) {
        if (location == null) {
            return null;
        }
        if (sha256Base64 != null && !sha256Base64.isBlank()) {
            return new BundleCode(location, sha256Base64.trim());
        }
        Matcher m = HEX_KEY.matcher(location.key());
        if (!m.matches()) {
            return null;
        }
        byte[] digest = HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT));
        return new BundleCode(location, Base64.getEncoder().encodeToString(digest));
    }
}
