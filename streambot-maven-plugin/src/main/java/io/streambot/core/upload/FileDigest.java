package io.streambot.core.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a whole file and, in the same single read, of each of its parts of a given size: what
 * a content-addressed key, Lambda's {@code CodeSha256} and S3's per-part checksums need.
 */
public record FileDigest(long size, byte[] sha256, List<byte[]> partSha256, long partSize) {

    /** Digests {@code file}; with {@code partSize <= 0} no part digests are computed. */
    public static FileDigest of(Path file, long partSize) throws IOException {
        MessageDigest whole = newSha256();
        MessageDigest part = partSize > 0 ? newSha256() : null;
        List<byte[]> parts = new ArrayList<>();
        long inPart = 0;
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                whole.update(buffer, 0, n);
                size += n;
                int offset = 0;
                while (part != null && offset < n) {
                    int take = (int) Math.min(n - offset, partSize - inPart);
                    part.update(buffer, offset, take);
                    offset += take;
                    inPart += take;
                    if (inPart == partSize) {
                        parts.add(part.digest());
                        inPart = 0;
                    }
                }
            }
        }
        if (part != null && inPart > 0) {
            parts.add(part.digest());
        }
        return new FileDigest(size, whole.digest(), List.copyOf(parts), partSize);
    }

    /** Digests {@code bytes} held in memory, as one part. */
    public static FileDigest of(byte[] bytes) {
        return new FileDigest(bytes.length, newSha256().digest(bytes), List.of(), 0);
    }

    /** Lower-case hex, as in the object key and {@code sha256sum}. */
    public String hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Base64, as in S3's {@code x-amz-checksum-sha256} and Lambda's {@code CodeSha256}. */
    public String base64() {
        return Base64.getEncoder().encodeToString(sha256);
    }

    /** Base64 SHA-256 of part {@code partNumber} (1-based). */
    public String partBase64(int partNumber) {
        return Base64.getEncoder().encodeToString(partSha256.get(partNumber - 1));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
