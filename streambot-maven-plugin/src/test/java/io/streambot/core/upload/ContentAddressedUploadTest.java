package io.streambot.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.CountingHttpProxy.Answer;
import io.streambot.testkit.CountingHttpProxy.Seen;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@LocalAws
class ContentAddressedUploadTest {
    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    private final RecordingEvents events = new RecordingEvents();
    private final List<AutoCloseable> open = new ArrayList<>();
    private LocalS3 s3;
    private String bucket;

    @BeforeEach
    void bucket(LocalS3 s3) {
        this.s3 = s3;
        this.bucket = s3.createBucket("upload");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void storesTheZipUnderItsSha256AndExportsLambdasCodeSha256() throws Exception {
        Path zip = zip("app.zip", 20_000, 1);
        UploadResult result = uploader(directEndpoint()).upload(UploadRequest.of(zip, bucket, "streambot", "orders"));

        String hex = HexFormat.of().formatHex(sha256(zip));
        assertThat(result.key()).isEqualTo("streambot/orders/" + hex + ".zip");
        assertThat(result.sha256Hex()).isEqualTo(hex);
        assertThat(result.sha256Base64()).isEqualTo(Base64.getEncoder().encodeToString(sha256(zip)));
        assertThat(result.sent()).isTrue();
        assertThat(result.bytesSent()).isEqualTo(Files.size(zip));
        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key(result.key()))
                        .asByteArray())
                .isEqualTo(Files.readAllBytes(zip));
        HeadObjectResponse head =
                s3.client().headObject(b -> b.bucket(bucket).key(result.key()).checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumSHA256()).isEqualTo(result.sha256Base64());
        assertThat(head.metadata()).containsEntry(ContentAddressedUpload.SHA256_METADATA, hex);
    }

    @Test
    void theBytesGoUpWithTheirSha256ForTheServerToVerify() throws Exception {
        CountingHttpProxy proxy = proxy();
        Path zip = zip("app.zip", 20_000, 2);
        UploadResult result = uploader(proxy.endpoint()).upload(UploadRequest.of(zip, bucket, "streambot", "orders"));

        List<Seen> puts =
                proxy.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).header("x-amz-checksum-sha256")).isEqualTo(result.sha256Base64());
    }

    @Test
    void aReUploadOfTheSameBytesSendsNothing() throws Exception {
        CountingHttpProxy proxy = proxy();
        Path zip = zip("app.zip", 50_000, 3);
        ContentAddressedUpload upload = uploader(proxy.endpoint());
        UploadResult first = upload.upload(UploadRequest.of(zip, bucket, "streambot", "orders"));
        proxy.reset();

        UploadResult second = upload.upload(UploadRequest.of(zip, bucket, "streambot", "orders"));

        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD");
        assertThat(proxy.bodyBytes()).isZero();
        assertThat(second.sent()).isFalse();
        assertThat(second.bytesSent()).isZero();
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(events.infos).anyMatch(m -> m.contains("already uploaded") && m.contains(first.key()));
    }

    @Test
    void smallBytesArePutOnceWithTheirSha256AndThenOnlyLookedFor() throws Exception {
        CountingHttpProxy proxy = proxy();
        ContentAddressedUpload upload = uploader(proxy.endpoint());
        byte[] bytes = "{\"Resources\": {}}".getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));

        boolean firstSent = upload.putIfAbsent(bucket, "t/templates/a.json", bytes, "application/json", "the template");

        assertThat(firstSent).isTrue();
        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD", "PUT");
        assertThat(proxy.requests().get(1).header("x-amz-checksum-sha256")).isEqualTo(base64);
        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key("t/templates/a.json"))
                        .asByteArray())
                .isEqualTo(bytes);
        proxy.reset();

        boolean secondSent =
                upload.putIfAbsent(bucket, "t/templates/a.json", bytes, "application/json", "the template");

        assertThat(secondSent).isFalse();
        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD");
    }

    @Test
    void aChangedZipGetsANewKey() throws Exception {
        ContentAddressedUpload upload = uploader(directEndpoint());
        UploadResult before = upload.upload(UploadRequest.of(zip("a.zip", 10_000, 4), bucket, "p", "orders"));
        UploadResult after = upload.upload(UploadRequest.of(zip("b.zip", 10_000, 5), bucket, "p", "orders"));

        assertThat(after.key()).isNotEqualTo(before.key());
        assertThat(after.sent()).isTrue();
        assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(o -> o.key())
                .containsExactlyInAnyOrder(before.key(), after.key());
    }

    @Test
    void aLargeFileGoesUpInParallelPartsEachWithItsSha256() throws Exception {
        CountingHttpProxy proxy = proxy();
        Path zip = zip("big.zip", 12 * MB, 6);
        UploadRequest request =
                UploadRequest.of(zip, bucket, "streambot", "big").withMultipart(5 * MB, 5 * MB, 3);
        UploadResult result = uploader(proxy.endpoint()).upload(request);

        List<Seen> parts = proxy.requests().stream()
                .filter(r -> r.method().equals("PUT") && r.queryHas("partNumber"))
                .toList();
        assertThat(parts).hasSize(3);
        assertThat(parts).allMatch(p -> p.header("x-amz-checksum-sha256") != null);
        assertThat(proxy.requests()).anyMatch(r -> r.method().equals("POST") && r.queryHas("uploads"));
        assertThat(proxy.requests()).anyMatch(r -> r.method().equals("POST") && r.queryHas("uploadId"));
        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key(result.key()))
                        .asByteArray())
                .isEqualTo(Files.readAllBytes(zip));
        assertThat(events.progress).last().satisfies(p -> {
            assertThat(p.done()).isEqualTo(Files.size(zip));
            assertThat(p.task()).contains("MB/s");
        });

        // A multipart object only carries a checksum of its parts' checksums: the metadata still proves it.
        proxy.reset();
        assertThat(uploader(proxy.endpoint()).upload(request).sent()).isFalse();
        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD");
    }

    @Test
    void aPartThatKeepsFailingIsRetriedWithBackoffThenTheUploadIsAbortedLeavingNothing() throws Exception {
        CountingHttpProxy proxy = proxy();
        proxy.fault(r -> r.method().equals("PUT") && r.queryHas("partNumber=2")
                ? Answer.xmlError(500, "InternalError", "injected")
                : null);
        Path zip = zip("big.zip", 12 * MB, 7);
        UploadRequest request =
                UploadRequest.of(zip, bucket, "streambot", "big").withMultipart(5 * MB, 5 * MB, 2);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(request))
                .isInstanceOf(AwsCallException.class)
                .hasMessageContaining("kept failing after " + AwsClientFactory.MAX_ATTEMPTS + " attempts")
                .hasMessageContaining("500 InternalError");

        assertThat(proxy.requests())
                .filteredOn(r -> r.method().equals("PUT") && r.queryHas("partNumber=2"))
                .hasSize(AwsClientFactory.MAX_ATTEMPTS);
        assertThat(proxy.requests()).anyMatch(r -> r.method().equals("DELETE") && r.queryHas("uploadId"));
        assertNothingLeftIn(bucket);
    }

    @Test
    void anInterruptedUploadIsAbortedAndLeavesNothing() throws Exception {
        CountingHttpProxy proxy = proxy();
        CountDownLatch partTwoArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        proxy.fault(r -> {
            if (r.method().equals("PUT") && r.queryHas("partNumber=2")) {
                partTwoArrived.countDown();
                release.await(60, TimeUnit.SECONDS);
            }
            return null;
        });
        Path zip = zip("big.zip", 12 * MB, 8);
        UploadRequest request =
                UploadRequest.of(zip, bucket, "streambot", "big").withMultipart(5 * MB, 5 * MB, 3);
        ContentAddressedUpload upload = uploader(proxy.endpoint());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread uploading = new Thread(() -> {
            try {
                upload.upload(request);
            } catch (Throwable t) {
                failure.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        uploading.start();

        assertThat(partTwoArrived.await(60, TimeUnit.SECONDS)).isTrue();
        uploading.interrupt();
        release.countDown();
        uploading.join(TimeUnit.SECONDS.toMillis(90));

        assertThat(uploading.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(AwsCallException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted.get())
                .as("the caller still sees the interrupt")
                .isTrue();
        assertNothingLeftIn(bucket);
    }

    @Test
    void aThrottledPutIsRetriedAndSucceeds() throws Exception {
        CountingHttpProxy proxy = proxy();
        AtomicInteger puts = new AtomicInteger();
        proxy.fault(r -> r.method().equals("PUT") && puts.incrementAndGet() == 1
                ? Answer.xmlError(503, "SlowDown", "Please reduce your request rate.")
                : null);
        Path zip = zip("app.zip", 10_000, 9);

        UploadResult result = uploader(proxy.endpoint()).upload(UploadRequest.of(zip, bucket, "streambot", "orders"));

        assertThat(puts.get()).isEqualTo(2);
        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key(result.key()))
                        .asByteArray())
                .isEqualTo(Files.readAllBytes(zip));
    }

    @Test
    void aMissingBucketFailsBeforeAnyWriteNamingTheBucketAndTheFix() throws Exception {
        CountingHttpProxy proxy = proxy();
        String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).requireBucket(missing, false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<bucket> (-Dstreambot.bucket) = '" + missing + "' does not exist")
                .hasMessageContaining("<createBucket>true</createBucket>");
        assertThat(proxy.requests()).extracting(Seen::method).containsOnly("HEAD");
    }

    @Test
    void uploadingToAMissingBucketFailsBeforeAnyWrite() throws Exception {
        CountingHttpProxy proxy = proxy();
        String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        Path zip = zip("app.zip", 1_000, 15);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(UploadRequest.of(zip, missing, "p", "orders")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<bucket> (-Dstreambot.bucket) = '" + missing + "' does not exist");
        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD", "HEAD");
    }

    @Test
    void uploadingWithCreateBucketCreatesItThenUploads() throws Exception {
        String created = "created-" + UUID.randomUUID().toString().substring(0, 8);
        Path zip = zip("app.zip", 1_000, 16);

        UploadResult result = uploader(directEndpoint()).upload(UploadRequest.of(zip, created, "p", "orders"), true);

        assertThat(s3.client()
                        .getObjectAsBytes(b -> b.bucket(created).key(result.key()))
                        .asByteArray())
                .isEqualTo(Files.readAllBytes(zip));
        assertThat(events.infos).anyMatch(m -> m.startsWith("Created bucket '" + created + "'"));
    }

    @Test
    void createBucketMakesAPrivateBucket() throws Exception {
        CountingHttpProxy proxy = proxy();
        String created = "created-" + UUID.randomUUID().toString().substring(0, 8);
        uploader(proxy.endpoint()).requireBucket(created, true);

        assertThat(s3.client().listBuckets().buckets()).anyMatch(b -> b.name().equals(created));
        assertThat(proxy.requests())
                .anyMatch(r -> r.method().equals("PUT") && r.queryHas("publicAccessBlock"))
                .noneMatch(r -> r.queryHas("acl") || r.header("x-amz-acl") != null);
        assertThat(proxy.requests().stream()
                        .filter(r -> r.method().equals("PUT") && r.query() == null)
                        .findFirst()
                        .orElseThrow()
                        .header("x-amz-object-ownership"))
                .isEqualTo("BucketOwnerEnforced");
        // Asked twice (a second build): the bucket is found, nothing is created again.
        proxy.reset();
        uploader(proxy.endpoint()).requireBucket(created, true);
        assertThat(proxy.requests()).extracting(Seen::method).containsExactly("HEAD");
    }

    @Test
    void aForbiddenBucketIsReportedAsAccessDeniedWithTheFix() {
        CountingHttpProxy proxy = proxy();
        proxy.fault(r -> r.method().equals("HEAD") ? new Answer(403, null, null, List.of()) : null);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).requireBucket(bucket, false))
                .isInstanceOf(AwsCallException.class)
                .hasMessageContaining("access denied")
                .hasMessageContaining("<bucket>")
                .hasMessageContaining("s3:ListBucket");
    }

    @Test
    void aBucketInAnotherRegionNamesBothRegions() {
        CountingHttpProxy proxy = proxy();
        proxy.fault(r -> r.method().equals("HEAD")
                ? new Answer(301, null, null, List.of("x-amz-bucket-region", "ap-southeast-2"))
                : null);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).requireBucket(bucket, false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<region> (-Dstreambot.region)")
                .hasMessageContaining("it is in ap-southeast-2")
                .hasMessageContaining("<region>ap-southeast-2</region>");
    }

    @Test
    void rejectedCredentialsAreReportedWithTheFix() throws Exception {
        CountingHttpProxy proxy = proxy();
        proxy.fault(r -> r.method().equals("PUT")
                ? Answer.xmlError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist.")
                : null);
        Path zip = zip("app.zip", 1_000, 10);

        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(UploadRequest.of(zip, bucket, "s", "orders")))
                .isInstanceOf(AwsCallException.class)
                .hasMessageContaining("credentials were rejected")
                .hasMessageContaining("InvalidAccessKeyId")
                .hasMessageContaining("<profile>");
        assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void tagsAreStoredOnTheObject() throws Exception {
        Path zip = zip("app.zip", 1_000, 11);
        UploadResult result = uploader(directEndpoint())
                .upload(UploadRequest.of(zip, bucket, "streambot", "orders")
                        .withEncryptionAndTags(null, Map.of("team", "payments", "service", "orders")));

        assertThat(s3.client()
                        .getObjectTagging(b -> b.bucket(bucket).key(result.key()))
                        .tagSet())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactlyInAnyOrder("team=payments", "service=orders");
    }

    @Test
    void kmsEncryptionIsRequestedWithTheKey() throws Exception {
        CountingHttpProxy proxy = proxy();
        // S3Mock accepts only KMS keys it was configured with: answer the PUT here, look at what was asked.
        proxy.fault(r -> r.method().equals("PUT") ? new Answer(200, null, null, List.of("ETag", "\"e\"")) : null);
        String key = "arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        uploader(proxy.endpoint())
                .upload(UploadRequest.of(zip("app.zip", 1_000, 13), bucket, "streambot", "orders")
                        .withEncryptionAndTags(key, Map.of()));

        Seen put = proxy.requests().stream()
                .filter(r -> r.method().equals("PUT"))
                .findFirst()
                .orElseThrow();
        assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
        assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(key);
    }

    @Test
    void aVersionedBucketGivesTheVersionIdBothWhenSentAndWhenAlreadyThere() throws Exception {
        s3.client().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        Path zip = zip("app.zip", 1_000, 14);
        ContentAddressedUpload upload = uploader(directEndpoint());

        UploadResult sent = upload.upload(UploadRequest.of(zip, bucket, "streambot", "orders"));
        UploadResult again = upload.upload(UploadRequest.of(zip, bucket, "streambot", "orders"));

        String version =
                s3.client().headObject(b -> b.bucket(bucket).key(sent.key())).versionId();
        assertThat(sent.version()).isNotEmpty().isEqualTo(version);
        assertThat(again.version()).isEqualTo(version);
        assertThat(again.sent()).isFalse();
    }

    @Test
    void badRequestsAreRejectedBeforeAnyCall() throws Exception {
        Path zip = zip("app.zip", 100, 12);
        assertThatThrownBy(() -> UploadRequest.of(zip, null, "p", "a").validate())
                .hasMessageContaining("<bucket> (-Dstreambot.bucket) is not set");
        assertThatThrownBy(() -> UploadRequest.of(zip, "My_Bucket", "p", "a").validate())
                .hasMessageContaining("is not a valid S3 bucket name");
        assertThatThrownBy(() -> UploadRequest.of(zip, "bucket", "a b", "a").validate())
                .hasMessageContaining("<prefix>");
        assertThatThrownBy(() -> UploadRequest.of(dir.resolve("none.zip"), "bucket", "p", "a")
                        .validate())
                .hasMessageContaining("<file> (-Dstreambot.upload.file)");
        assertThatThrownBy(() -> UploadRequest.of(zip, "bucket", "p", "a")
                        .withMultipart(1, MB, 4)
                        .validate())
                .hasMessageContaining("<partSize>");
        assertThat(UploadRequest.of(zip, "bucket", "/p/q/", "a").key("ab")).isEqualTo("p/q/a/ab.zip");
        assertThat(UploadRequest.of(zip, "bucket", "", "a").key("ab")).isEqualTo("a/ab.zip");
    }

    @Test
    void aFileThatIsNotAZipIsRefusedBeforeAnyRequest() throws Exception {
        CountingHttpProxy proxy = proxy();
        Path pom = Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Path truncated = dir.resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(zip("whole.zip", 5_000, 20));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 30));
        Path empty = dir.resolve("empty.zip");
        new ZipOutputStream(Files.newOutputStream(empty)).close();

        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(UploadRequest.of(pom, bucket, "p", "orders")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<file> (-Dstreambot.upload.file) = '" + pom + "' is not a zip")
                .hasMessageContaining("point <file> at a Lambda zip");
        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(UploadRequest.of(truncated, bucket, "p", "o")))
                .hasMessageContaining("'" + truncated + "' is not a zip");
        assertThatThrownBy(() -> uploader(proxy.endpoint()).upload(UploadRequest.of(empty, bucket, "p", "o")))
                .hasMessageContaining("'" + empty + "' is an empty zip");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void aKmsKeyThatIsNotAKeyIdAliasOrArnIsRefusedBeforeAnyRequest() throws Exception {
        CountingHttpProxy proxy = proxy();
        Path zip = zip("app.zip", 1_000, 21);
        for (String bad : List.of("my-key", "alias", "alias/", "arn:aws:s3:::bucket", "1234abcd", "key/1234")) {
            assertThatThrownBy(() -> uploader(proxy.endpoint())
                            .upload(UploadRequest.of(zip, bucket, "p", "orders").withEncryptionAndTags(bad, Map.of())))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("<kmsKeyId> (-Dstreambot.upload.kmsKeyId) = '" + bad
                            + "' is not a KMS key id, alias or ARN: give a key id");
        }
        assertThat(proxy.requests()).isEmpty();
        for (String good : List.of(
                "1234abcd-12ab-34cd-56ef-1234567890ab",
                "mrk-1234abcd12ab34cd56ef1234567890ab",
                "alias/my-key",
                "alias/aws/s3",
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
                "arn:aws:kms:eu-west-1:123456789012:alias/my-key")) {
            assertThat(UploadRequest.of(zip, bucket, "p", "orders")
                            .withEncryptionAndTags(good, Map.of())
                            .validate()
                            .kmsKeyId())
                    .isEqualTo(good);
        }
    }

    @Test
    void anEndpointThatAcceptsAndNeverAnswersFailsAtTheApiCallTimeoutNamingIt() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // The kernel completes the handshake for the backlog: connections are accepted, never answered.
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            AwsClientFactory factory =
                    new AwsClientFactory(new AwsSettings(AwsEndpoints.region().id(), null, endpoint, null, null)
                            .withApiCallTimeout(java.time.Duration.ofMillis(700)));
            open.add(factory);
            Path zip = zip("app.zip", 1_000, 22);

            assertThatThrownBy(() -> new ContentAddressedUpload(factory.s3(), events)
                            .upload(UploadRequest.of(zip, bucket, "p", "orders")))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not look for the code (s3://" + bucket + "/p/orders/")
                    .hasMessageContaining("no answer from " + endpoint + " within 0.7 s (<apiCallTimeout>,"
                            + " -Dstreambot.apiCallTimeout)");
        }
    }

    private void assertNothingLeftIn(String bucket) {
        S3Client client = s3.client();
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    private CountingHttpProxy proxy() {
        assumeFalse(AwsEndpoints.isExternal(LocalS3.SERVICE), "the counting proxy sits in front of the local S3Mock");
        CountingHttpProxy proxy = CountingHttpProxy.forwardingTo(s3.endpoint().orElseThrow());
        open.add(proxy);
        return proxy;
    }

    private URI directEndpoint() {
        return s3.endpoint().orElse(null);
    }

    private ContentAddressedUpload uploader(URI endpoint) {
        AwsClientFactory factory =
                new AwsClientFactory(new AwsSettings(AwsEndpoints.region().id(), null, endpoint, null, null));
        open.add(factory);
        return new ContentAddressedUpload(factory.s3(), events);
    }

    /** A zip with one stored entry of {@code size} pseudo-random bytes. */
    private Path zip(String name, long size, long seed) throws IOException {
        Path file = dir.resolve(seed + "-" + name);
        Random random = new Random(seed);
        byte[] content = new byte[(int) size];
        random.nextBytes(content);
        CRC32 crc = new CRC32();
        crc.update(content);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("data.bin");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
