package io.streambot.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.core.RecordingEvents;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.bundle.ReproducibleZip;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency layer on the kit's S3: stored under its own content hash in the shared {@code layers/} segment,
 * so a code change sends the function zip alone and modules with the same jars share one object.
 */
@LocalAws
class LayerUploadTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final RecordingEvents events = new RecordingEvents();
    private AwsClientFactory factory;
    private ContentAddressedUpload upload;
    private String bucket;

    @BeforeEach
    void setUp(LocalS3 s3) {
        bucket = s3.createBucket("layers");
        factory = new AwsClientFactory(
                new AwsSettings(AwsEndpoints.region().id(), null, s3.endpoint().orElse(null), null, null));
        upload = new ContentAddressedUpload(factory.s3(), events);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void aCodeChangeSendsTheFunctionZipAloneAndTheLayerKeepsItsKey() throws Exception {
        Path layer = layer("fn", 7);
        UploadRequest code = UploadRequest.of(function("fn-1", "v1"), bucket, "streambot", "orders");
        UploadResult firstLayer = upload.upload(code.withFile(layer, UploadRequest.LAYERS), false, "the layer");
        UploadResult firstCode = upload.upload(code);
        assertThat(firstLayer.sent()).isTrue();
        assertThat(firstLayer.key()).isEqualTo("streambot/layers/" + firstLayer.sha256Hex() + ".zip");

        Path rebuiltLayer = layer("fn-again", 7); // bundle writes the same bytes from the same jars
        UploadResult secondLayer = upload.upload(code.withFile(rebuiltLayer, UploadRequest.LAYERS), false, "the layer");
        UploadResult secondCode = upload.upload(code.withFile(function("fn-2", "v2"), "orders"));

        assertThat(secondLayer.sent()).isFalse();
        assertThat(secondLayer.bytesSent()).isZero();
        assertThat(secondLayer.key()).as("CloudFormation sees no new layer").isEqualTo(firstLayer.key());
        assertThat(events.infos)
                .contains("The layer is already uploaded to s3://" + bucket + "/" + firstLayer.key()
                        + " (same SHA-256): nothing sent");
        assertThat(secondCode.sent()).isTrue();
        assertThat(secondCode.key()).isNotEqualTo(firstCode.key());
        assertThat(secondCode.bytesSent()).isLessThan(firstLayer.bytesSent() / 10);
    }

    @Test
    void twoModulesWithTheSameJarsShareOneLayerObject() throws Exception {
        UploadResult a = upload.upload(
                UploadRequest.of(layer("a", 11), bucket, "streambot", UploadRequest.LAYERS), false, "the layer");
        UploadResult b = upload.upload(
                UploadRequest.of(layer("b", 11), bucket, "streambot", UploadRequest.LAYERS), false, "the layer");

        assertThat(b.key()).isEqualTo(a.key());
        assertThat(b.sent()).isFalse();
    }

    /** A layer zip as bundle writes it: {@code java/lib/} with one jar of pseudo-random (incompressible) bytes. */
    private Path layer(String name, long seed) throws Exception {
        byte[] jar = new byte[300_000];
        new Random(seed).nextBytes(jar);
        Path file = dir.resolve(name + "-layer.zip");
        new ReproducibleZip(TIME)
                .write(
                        List.of(ReproducibleZip.Entry.of(
                                "java/lib/dependency-1.0.jar", () -> new ByteArrayInputStream(jar))),
                        file);
        return file;
    }

    /** A function zip with its own classes only. */
    private Path function(String name, String version) throws Exception {
        byte[] clazz = ("class Handler { String v = \"" + version + "\"; }").getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve(name + "-lambda.zip");
        new ReproducibleZip(TIME)
                .write(
                        List.of(ReproducibleZip.Entry.of("fn/Handler.class", () -> new ByteArrayInputStream(clazz))),
                        file);
        return file;
    }
}
