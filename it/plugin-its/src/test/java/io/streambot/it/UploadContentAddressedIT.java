package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

@LocalAws
class UploadContentAddressedIT {
    private static final String GOAL = "package";

    @Test
    void uploadsTheBundleOnceAndTheSecondBuildSendsNothing(LocalS3 s3) throws Exception {
        assumeFalse(AwsEndpoints.isExternal(LocalS3.SERVICE), "the counting proxy sits in front of the local S3Mock");
        String bucket = s3.createBucket("live-upload");
        byte[] zip = bytes(300_000, 1);
        String hex = sha256Hex(zip);
        String key = "live/upload-content-addressed/" + hex + ".zip";
        try (CountingHttpProxy proxy =
                CountingHttpProxy.forwardingTo(s3.endpoint().orElseThrow())) {
            ChildBuild.Result first = build("first", bucket, proxy, zip).run();

            assertThat(first.succeeded()).as(first.log()).isTrue();
            assertThat(first.log())
                    .contains("Uploading s3://" + bucket + "/" + key)
                    .contains("exported key=" + key);
            assertThat(s3.client()
                            .getObjectAsBytes(b -> b.bucket(bucket).key(key))
                            .asByteArray())
                    .isEqualTo(zip);
            JsonNode manifest = manifest(first.directory());
            assertThat(manifest.get("bucket").asText()).isEqualTo(bucket);
            assertThat(manifest.get("key").asText()).isEqualTo(key);
            assertThat(manifest.get("sha256").asText()).isEqualTo(hex);
            assertThat(manifest.get("sha256Base64").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
            assertThat(manifest.get("artifactId").asText()).isEqualTo("upload-content-addressed");
            assertThat(manifest.get("sent").asBoolean()).isTrue();
            assertThat(s3.client()
                            .getObjectTagging(b -> b.bucket(bucket).key(key))
                            .tagSet())
                    .extracting(t -> t.key() + "=" + t.value())
                    .containsExactly("team=payments");

            proxy.reset();
            ChildBuild.Result second = build("second", bucket, proxy, zip).run();

            assertThat(second.succeeded()).as(second.log()).isTrue();
            assertThat(second.log()).contains("already uploaded to s3://" + bucket + "/" + key);
            assertThat(proxy.requests())
                    .as("one HeadObject, nothing else")
                    .extracting(r -> r.method() + " " + r.path())
                    .containsExactly("HEAD /" + bucket + "/" + key);
            assertThat(proxy.bodyBytes()).isZero();
            assertThat(manifest(second.directory()).get("sent").asBoolean()).isFalse();
            assertThat(manifest(second.directory()).get("key").asText()).isEqualTo(key);
        }
    }

    @Test
    void withThePrimaryStackTheProvidersCodeGoesUpToo(LocalS3 s3) throws Exception {
        String bucket = s3.createBucket("live-providers");
        byte[] providers = bytes(20_000, 3);
        String providersHex = sha256Hex(providers);
        ChildBuild build = build("providers", bucket, null, bytes(10_000, 2));
        Path providersZip = build.directory().resolve("providers-lambda.zip");
        Files.write(providersZip, providers);

        ChildBuild.Result result = build.property("streambot.primaryStack", true)
                .property("streambot.providers.file", providersZip)
                .run();

        String key = "live/streambot-providers/" + providersHex + ".zip";
        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log()).contains("exported providers key=" + key);
        assertThat(manifest(result.directory()).get("providers").get("key").asText())
                .isEqualTo(key);
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(providers);
    }

    @Test
    void theAttachedLambdaZipWinsOverTheFallbackFile(LocalS3 s3) throws Exception {
        String bucket = s3.createBucket("live-attached");
        byte[] attached = bytes(5_000, 5);
        String hex = sha256Hex(attached);
        ChildBuild build = ChildBuild.of("upload-attached-artifact", null)
                .goals(GOAL)
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.bucket", bucket);
        s3.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        Files.createDirectories(build.directory().resolve("bundle"));
        Files.write(build.directory().resolve("bundle/app.zip"), attached);
        Files.createDirectories(build.directory().resolve("target"));
        Files.write(build.directory().resolve("target/upload-attached-artifact-1.0-lambda.zip"), bytes(5_000, 6));

        ChildBuild.Result result = build.run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(manifest(result.directory()).get("key").asText())
                .isEqualTo("streambot/upload-attached-artifact/" + hex + ".zip");
    }

    @Test
    void aMissingBucketFailsNamingTheBucketAndCreateBucket(LocalS3 s3) throws Exception {
        ChildBuild.Result result = build(
                        "missing-bucket", "streambot-missing-" + System.nanoTime(), null, bytes(100, 4))
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("<bucket> (-Dstreambot.bucket) = 'streambot-missing-")
                .contains("does not exist in region " + AwsEndpoints.region().id())
                .contains("<createBucket>true</createBucket> (-Dstreambot.upload.createBucket)");
        assertThat(result.directory().resolve("target/streambot/upload.json")).doesNotExist();
    }

    private static ChildBuild build(String suffix, String bucket, CountingHttpProxy proxy, byte[] zip)
            throws Exception {
        ChildBuild build = ChildBuild.of("upload-content-addressed", suffix)
                .goals(GOAL)
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.bucket", bucket);
        if (proxy != null) {
            build.property("streambot.endpoint", proxy.endpoint());
        } else {
            LocalS3.get().endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        }
        Path target = build.directory().resolve("target");
        Files.createDirectories(target);
        // Where streambot:bundle leaves the zip: upload's fallback when no artifact is attached.
        Files.write(target.resolve("upload-content-addressed-1.0-lambda.zip"), zip);
        return build;
    }

    private static JsonNode manifest(Path directory) throws Exception {
        return new ObjectMapper()
                .readTree(directory.resolve("target/streambot/upload.json").toFile());
    }

    /** A zip (upload refuses anything else) with one stored entry of {@code size} pseudo-random bytes. */
    private static byte[] bytes(int size, long seed) throws java.io.IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            out.putNextEntry(new java.util.zip.ZipEntry("data.bin"));
            out.write(b);
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
