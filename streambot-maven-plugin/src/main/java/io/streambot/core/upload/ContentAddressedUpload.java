package io.streambot.core.upload;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsErrors;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Stores a zip in S3 under a key made of its SHA-256, so a template sees a new key exactly when the
 * code changed. An object already there with the same SHA-256 is not sent again. Otherwise the bytes
 * go up with their SHA-256 for S3 to verify: one PUT up to the multipart threshold, parallel parts
 * (each with its own SHA-256) above it. A failed or interrupted multipart upload is aborted, so no
 * partial object ever appears under the key; a single PUT is atomic by itself.
 *
 * <p>Each step is a class of its own, run in order by {@link #upload(UploadRequest, boolean, String)}:
 * {@link ContentHash} (hashing), {@link ExistingObject} (existence check), {@link UploadBucket} (bucket
 * check), {@link SinglePut} or {@link MultipartUpload} (with abort), {@link TransferProgress} and the
 * {@link UploadResult} (report).
 */
public final class ContentAddressedUpload {
    /** User metadata holding the whole file's hex SHA-256: multipart objects only carry a checksum of checksums. */
    public static final String SHA256_METADATA = "sha256";

    /** What {@link #upload(UploadRequest)} stores, in messages. */
    public static final String CODE = "the code";

    private final S3Client s3;
    private final Events events;

    public ContentAddressedUpload(S3Client s3, Events events) {
        this.s3 = s3;
        this.events = events;
    }

    /**
     * Makes sure {@code bucket} exists and is usable before anything is written; creates it (private,
     * ACLs disabled, public access blocked) when it is missing and {@code create} is set.
     *
     * @throws InvalidConfigurationException when it is missing, in another region or taken
     * @throws AwsCallException when access is denied or AWS cannot be reached
     */
    public void requireBucket(String bucket, boolean create) {
        new UploadBucket(s3, events).require(bucket, create);
    }

    /** {@link #upload(UploadRequest, boolean)} into a bucket that must exist. */
    public UploadResult upload(UploadRequest request) {
        return upload(request, false);
    }

    /** {@link #upload(UploadRequest, boolean, String)} of the function's code. */
    public UploadResult upload(UploadRequest request, boolean createBucket) {
        return upload(request, createBucket, CODE);
    }

    /**
     * Uploads {@code request.file()} unless an object with the same SHA-256 is already under its key.
     * An unchanged file costs one HeadObject and one line saying nothing was sent. Otherwise the bucket is
     * checked ({@link #requireBucket}, creating it when {@code createBucket} is set) before anything is written.
     *
     * @param what what the file is, for messages: {@link #CODE}, "the layer"
     * @throws InvalidConfigurationException when the request is invalid or the bucket missing
     * @throws AwsCallException when S3 refuses or fails (after retries), or the upload was interrupted
     */
    public UploadResult upload(UploadRequest request, boolean createBucket, String what) {
        request.validate();
        FileDigest digest = ContentHash.of(request);
        UploadTarget target = new UploadTarget(request.bucket(), request.key(digest.hex()), what);
        ExistingObject existing = ExistingObject.lookup(s3, target);
        if (existing.holds(digest)) {
            events.info(capitalized(what) + " is already uploaded to " + target.where() + " (same SHA-256): nothing"
                    + " sent");
            return result(target, existing.head().versionId(), digest, false);
        }
        requireBucket(request.bucket(), createBucket);
        existing.throwIfFailed(target);
        if (existing.head() != null) {
            events.warn(target.where() + " exists but its SHA-256 is missing or differs: uploading it again");
        }
        TransferProgress progress = new TransferProgress(events, target.where(), digest.size());
        String version = digest.partSha256().isEmpty()
                ? SinglePut.put(s3, target, request, digest, progress)
                : new MultipartUpload(s3, events).upload(target, request, digest, progress);
        progress.done();
        return result(target, version, digest, true);
    }

    /**
     * Stores {@code bytes} (small, in memory) under {@code key}, whose name must depend on their content,
     * unless an object with the same SHA-256 is already there: one HeadObject when unchanged, else one PUT
     * with the SHA-256 for S3 to verify. The bucket must exist.
     *
     * @param what what the bytes are, for error messages ("the template")
     * @return whether the bytes were sent
     * @throws AwsCallException when S3 refuses or fails (after retries)
     */
    public boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType, String what) {
        FileDigest digest = FileDigest.of(bytes);
        UploadTarget target = new UploadTarget(bucket, key, what);
        ExistingObject existing = ExistingObject.lookup(s3, target);
        existing.throwIfFailed(target);
        if (existing.holds(digest)) {
            return false;
        }
        try {
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .contentLength(digest.size())
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                            .checksumSHA256(digest.base64())
                            .metadata(Map.of(SHA256_METADATA, digest.hex()))
                            .overrideConfiguration(o -> TransferTime.allow(s3, o, bytes.length)),
                    RequestBody.fromBytes(bytes));
            return true;
        } catch (SdkException e) {
            throw AwsErrors.translate("upload " + what, target.where(), e);
        }
    }

    /** The report step: where the file is, and whether (and how many) bytes went up. */
    private static UploadResult result(UploadTarget target, String version, FileDigest digest, boolean sent) {
        return new UploadResult(
                target.bucket(), target.key(), version, digest.hex(), digest.base64(), sent, sent ? digest.size() : 0);
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
