package io.streambot.core.upload;

import io.streambot.core.aws.AwsErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The single-PUT step, for files up to the multipart threshold: atomic by itself, verified by S3 with the SHA-256. */
final class SinglePut {
    private SinglePut() {}

    /** @return the new object's version id (null on an unversioned bucket) */
    static String put(
            S3Client s3, UploadTarget target, UploadRequest request, FileDigest digest, TransferProgress progress) {
        ContentStreamProvider counted = () -> {
            try {
                return progress.counting(Files.newInputStream(request.file()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            return s3.putObject(
                            ObjectAttributes.put(target, request, digest)
                                    .overrideConfiguration(o -> TransferTime.allow(s3, o, digest.size()))
                                    .build(),
                            RequestBody.fromContentProvider(counted, digest.size(), ObjectAttributes.ZIP))
                    .versionId();
        } catch (SdkException e) {
            throw AwsErrors.translate("upload " + target.what(), target.where(), e);
        }
    }
}
