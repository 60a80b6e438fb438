package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

@LocalAws
class LocalS3Test {

    @Test
    void putThenGetRoundTripsThroughTheServer(LocalS3 s3, S3Client client) {
        String bucket = s3.createBucket("kit");
        client.putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello"));

        String body =
                client.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asUtf8String();

        assertThat(body).isEqualTo("hello");
    }

    @Test
    void aPresignedPutLandsInTheBucket(LocalS3 s3, S3Presigner presigner) throws Exception {
        String bucket = s3.createBucket("kit-presigned");
        URL url = presigner
                .presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(p -> p.bucket(bucket).key("response.json")))
                .url();

        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        // CloudFormation's response URLs are presigned without a content type: send none either.
        connection.setRequestProperty("Content-Type", "");
        try (OutputStream out = connection.getOutputStream()) {
            out.write("{\"Status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream ignored = connection.getInputStream()) {
            // drain
        }

        assertThat(status).isEqualTo(200);
        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key("response.json"))
                        .asUtf8String())
                .isEqualTo("{\"Status\":\"SUCCESS\"}");
    }
}
