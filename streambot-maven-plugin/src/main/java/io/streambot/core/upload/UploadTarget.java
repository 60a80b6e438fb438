package io.streambot.core.upload;

/**
 * The object an upload writes: a bucket and a key, and what the bytes are for messages ("the code",
 * "the layer").
 */
record UploadTarget(String bucket, String key, String what) {
    /** {@code s3://bucket/key}, as messages name it. */
    String where() {
        return "s3://" + bucket + "/" + key;
    }
}
