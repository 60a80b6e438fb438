package io.streambot.core.upload;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The hashing step: the file's SHA-256 (its content address) and, when it is big enough for a multipart
 * upload, each part's SHA-256, in one read.
 */
final class ContentHash {
    private ContentHash() {}

    static FileDigest of(UploadRequest request) {
        try {
            return FileDigest.of(
                    request.file(), partSize(request, request.file().toFile().length()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + request.file(), e);
        }
    }

    /** 0 for a single PUT; otherwise the configured part size, grown so the file fits S3's 10,000 parts. */
    static long partSize(UploadRequest request, long size) {
        if (size <= request.multipartThreshold()) {
            return 0;
        }
        long minimum = (size + UploadRequest.MAX_PARTS - 1) / UploadRequest.MAX_PARTS;
        return Math.max(request.partSize(), minimum);
    }
}
