package io.streambot.core.upload;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * What a stored zip carries besides its bytes, the same for a single PUT and a multipart upload: its content
 * type, its SHA-256 (as a checksum S3 verifies and as user metadata), the KMS key and the tags of the request.
 */
final class ObjectAttributes {
    static final String ZIP = "application/zip";

    private ObjectAttributes() {}

    static PutObjectRequest.Builder put(UploadTarget target, UploadRequest request, FileDigest digest) {
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(target.bucket())
                .key(target.key())
                .contentType(ZIP)
                .contentLength(digest.size())
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(digest.base64())
                .metadata(Map.of(ContentAddressedUpload.SHA256_METADATA, digest.hex()));
        if (request.kmsKeyId() != null) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(request.kmsKeyId());
        }
        if (!request.tags().isEmpty()) {
            put.tagging(tagging(request.tags()));
        }
        return put;
    }

    static CreateMultipartUploadRequest.Builder createMultipart(
            UploadTarget target, UploadRequest request, FileDigest digest) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(target.bucket())
                .key(target.key())
                .contentType(ZIP)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .metadata(Map.of(ContentAddressedUpload.SHA256_METADATA, digest.hex()));
        if (request.kmsKeyId() != null) {
            create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(request.kmsKeyId());
        }
        if (!request.tags().isEmpty()) {
            create.tagging(tagging(request.tags()));
        }
        return create;
    }

    private static Tagging tagging(Map<String, String> tags) {
        return Tagging.builder()
                .tagSet(tags.entrySet().stream()
                        .map(t -> Tag.builder()
                                .key(t.getKey())
                                .value(t.getValue())
                                .build())
                        .collect(Collectors.toList()))
                .build();
    }
}
