package io.streambot.core.upload;

/**
 * Where the code is, as deploy-stack passes it to the template.
 *
 * @param version the S3 version id, or empty when the bucket is not versioned
 * @param sha256Hex the zip's SHA-256 in hex (also the last key segment)
 * @param sha256Base64 the same in base64, Lambda's {@code CodeSha256} format
 * @param sent whether bytes were sent (false: the object was already there)
 * @param bytesSent how many bytes of the file went up (0 when not sent)
 */
public record UploadResult(
        String bucket,
        String key,
        String version,
        String sha256Hex,
        String sha256Base64,
        boolean sent,
        long bytesSent) {
    public UploadResult {
        version = version == null ? "" : version;
    }

    public String s3Uri() {
        return "s3://" + bucket + "/" + key;
    }
}
