package io.streambot.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/**
 * Where providers under test send their answer: a presigned S3 PUT URL, like CloudFormation's
 * {@code ResponseURL}. The test reads the answer back from the bucket.
 */
public final class ResponseInbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalS3 s3;
    private final String bucket;
    private final String key = "responses/" + UUID.randomUUID();

    private ResponseInbox(LocalS3 s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static ResponseInbox in(LocalS3 s3) {
        return new ResponseInbox(s3, s3.createBucket("streambot-answers"));
    }

    /** A fresh inbox in the same bucket, for the next request of a test. */
    public ResponseInbox next() {
        return new ResponseInbox(s3, bucket);
    }

    public String url() {
        return s3.presigner()
                .presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                        .putObjectRequest(p -> p.bucket(bucket).key(key)))
                .url()
                .toString();
    }

    public byte[] rawAnswer() {
        return s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The answer the provider PUT, as JSON. */
    public JsonNode answer() {
        try {
            return JSON.readTree(rawAnswer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
