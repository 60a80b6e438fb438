package io.streambot.core.upload;

import io.streambot.core.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The existence check: what one HeadObject says is under the key already.
 *
 * @param head the object there, or null
 * @param failure why the lookup failed other than "not there" (403, 301...), or null; the caller decides
 *     when to report it (after the bucket check, which says why better than HEAD can)
 */
record ExistingObject(HeadObjectResponse head, S3Exception failure) {

    /** One HeadObject with checksums; a 404 is "nothing there". */
    static ExistingObject lookup(S3Client s3, UploadTarget target) {
        try {
            return new ExistingObject(
                    s3.headObject(
                            b -> b.bucket(target.bucket()).key(target.key()).checksumMode(ChecksumMode.ENABLED)),
                    null);
        } catch (S3Exception e) {
            return new ExistingObject(null, e.statusCode() == 404 ? null : e);
        } catch (SdkException e) {
            throw AwsErrors.translate("look for " + target.what(), target.where(), e);
        }
    }

    /** True when the object there has the same SHA-256: its checksum, or (multipart objects) its metadata. */
    boolean holds(FileDigest digest) {
        if (head == null) {
            return false;
        }
        if (digest.base64().equals(head.checksumSHA256())) {
            return true;
        }
        String recorded = head.metadata().get(ContentAddressedUpload.SHA256_METADATA);
        return recorded != null && recorded.equalsIgnoreCase(digest.hex()) && head.contentLength() == digest.size();
    }

    /** The lookup's failure as the typed exception, when there was one. */
    void throwIfFailed(UploadTarget target) {
        if (failure != null) {
            throw AwsErrors.translate("look for " + target.what(), target.where(), failure);
        }
    }
}
