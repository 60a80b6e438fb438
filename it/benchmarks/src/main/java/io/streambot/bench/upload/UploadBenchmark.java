package io.streambot.bench.upload;

import io.streambot.bench.Benchmark;
import io.streambot.bench.Stats;
import io.streambot.core.Events;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.upload.ContentAddressedUpload;
import io.streambot.core.upload.FileDigest;
import io.streambot.core.upload.UploadRequest;
import io.streambot.core.upload.UploadResult;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * What streambot:upload costs: requests and bytes for an unchanged bundle (through a counting proxy in
 * front of S3Mock), and the throughput of a 200 MB bundle to S3Mock on loopback as one PUT against
 * parallel multipart (8 MB parts, 4 at once) and against the SDK's transfer manager, all with SHA-256
 * checksums.
 */
public final class UploadBenchmark implements Benchmark {
    private static final long MB = 1L << 20;
    private static final long SMALL_BUNDLE = 20 * MB;
    private static final long LARGE_BUNDLE = 200 * MB;
    private static final int ROUNDS = 3;

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public String description() {
        return "streambot:upload core on S3Mock (loopback): requests and request-body bytes the server sees for a"
                + " first and an unchanged 20 MB bundle; and a 200 MB bundle as one PUT vs parallel multipart"
                + " (8 MB parts, 4 threads), SHA-256 included, median of " + ROUNDS + " interleaved rounds.";
    }

    @Override
    public List<Row> run() throws Exception {
        LocalS3 s3 = LocalS3.get();
        URI endpoint = s3.endpoint().orElseThrow(() -> new IllegalStateException("needs a local S3 endpoint"));
        Path target = Files.createDirectories(Path.of("target"));
        List<Row> rows = new ArrayList<>();
        Path small = target.resolve("bench-upload-20mb-lambda.zip");
        Path large = target.resolve("bench-upload-200mb-lambda.zip");
        try {
            write(small, SMALL_BUNDLE, 1);
            String bucket = s3.createBucket("bench-unchanged");
            try (CountingHttpProxy proxy = CountingHttpProxy.forwardingTo(endpoint);
                    AwsClientFactory aws = factory(proxy.endpoint())) {
                ContentAddressedUpload upload = new ContentAddressedUpload(aws.s3(), Events.silent());
                UploadRequest request = UploadRequest.of(small, bucket, "bench", "app");
                upload.upload(request);
                int firstRequests = proxy.requests().size();
                long firstBytes = proxy.bodyBytes();
                proxy.reset();
                UploadResult again = upload.upload(request);
                if (again.sent()) {
                    throw new IllegalStateException("the unchanged bundle was sent again");
                }
                int againRequests = proxy.requests().size();
                long againBytes = proxy.bodyBytes();
                rows.add(new Row(
                        "requests",
                        "first upload (20 MB: HeadObject, HeadBucket, create, 3 parts, complete)",
                        firstRequests,
                        "requests",
                        1.0,
                        "baseline"));
                rows.add(new Row(
                        "requests",
                        "unchanged bundle",
                        againRequests,
                        "requests",
                        againRequests / (double) firstRequests,
                        "goal: 1 (HeadObject)"));
                rows.add(
                        new Row("bytes sent", "first upload (20 MB)", firstBytes / (double) MB, "MB", 1.0, "baseline"));
                rows.add(new Row(
                        "bytes sent",
                        "unchanged bundle",
                        againBytes / (double) MB,
                        "MB",
                        againBytes / (double) firstBytes,
                        "goal: 0"));
            }

            write(large, LARGE_BUNDLE, 2);
            String bucket2 = s3.createBucket("bench-throughput");
            try (AwsClientFactory aws = factory(endpoint)) {
                ContentAddressedUpload upload = new ContentAddressedUpload(aws.s3(), Events.silent());
                UploadRequest single = UploadRequest.of(large, bucket2, "bench", "single")
                        .withMultipart(Long.MAX_VALUE, UploadRequest.DEFAULT_PART_SIZE, 1);
                UploadRequest multipart = UploadRequest.of(large, bucket2, "bench", "multipart");
                double[] singleMbs = new double[ROUNDS];
                double[] multipartMbs = new double[ROUNDS];
                double[] transferManagerMbs = new double[ROUNDS];
                timed(upload, s3, single); // warm-up: JIT, S3Mock's disk, the page cache
                try (S3AsyncClient async = asyncClient(endpoint);
                        S3TransferManager manager =
                                S3TransferManager.builder().s3Client(async).build()) {
                    timedTransferManager(manager, s3, large, bucket2); // its warm-up
                    for (int i = 0; i < ROUNDS; i++) {
                        singleMbs[i] = timed(upload, s3, single);
                        multipartMbs[i] = timed(upload, s3, multipart);
                        transferManagerMbs[i] = timedTransferManager(manager, s3, large, bucket2);
                    }
                }
                double s = Stats.median(singleMbs);
                double m = Stats.median(multipartMbs);
                double t = Stats.median(transferManagerMbs);
                rows.add(new Row("200 MB throughput", "single PUT", s, "MB/s", 1.0, "baseline"));
                rows.add(new Row(
                        "200 MB throughput",
                        "multipart, 8 MB parts x 4 threads",
                        m,
                        "MB/s",
                        m / s,
                        "loopback, 2 cores shared with S3Mock"));
                rows.add(new Row(
                        "200 MB throughput",
                        "SDK transfer manager (Java multipart, 8 MB parts, Netty async client)",
                        t,
                        "MB/s",
                        t / s,
                        "SHA-256 of the file for the key included, as for streambot"));
            }
        } finally {
            Files.deleteIfExists(small);
            Files.deleteIfExists(large);
        }
        return rows;
    }

    /** Uploads, returns MB/s (hashing included, as the user waits for it), then deletes the object. */
    private static double timed(ContentAddressedUpload upload, LocalS3 s3, UploadRequest request) {
        long start = System.nanoTime();
        UploadResult result = upload.upload(request);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!result.sent()) {
            throw new IllegalStateException("expected an upload, found the object already there");
        }
        s3.client().deleteObject(b -> b.bucket(result.bucket()).key(result.key()));
        return LARGE_BUNDLE / (double) MB / seconds;
    }

    /**
     * The same upload through the SDK's transfer manager (what the issue compares with): the file's
     * SHA-256 first (it names the key), then {@code uploadFile} with SHA-256 checksums.
     */
    private static double timedTransferManager(S3TransferManager manager, LocalS3 s3, Path file, String bucket)
            throws IOException {
        long start = System.nanoTime();
        String key = "bench/tm/"
                + FileDigest.of(file, UploadRequest.DEFAULT_PART_SIZE).hex() + ".zip";
        manager.uploadFile(u -> u.source(file)
                        .putObjectRequest(p -> p.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256)))
                .completionFuture()
                .join();
        double seconds = (System.nanoTime() - start) / 1e9;
        s3.client().deleteObject(b -> b.bucket(bucket).key(key));
        return LARGE_BUNDLE / (double) MB / seconds;
    }

    private static S3AsyncClient asyncClient(URI endpoint) {
        return S3AsyncClient.builder()
                .region(Region.of(AwsEndpoints.region().id()))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.minimumPartSizeInBytes(UploadRequest.DEFAULT_PART_SIZE)
                        .thresholdInBytes(16 * MB))
                .build();
    }

    private static AwsClientFactory factory(URI endpoint) {
        return new AwsClientFactory(new AwsSettings(AwsEndpoints.region().id(), null, endpoint, null, null));
    }

    private static void write(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[(int) MB];
        // A real zip (upload refuses anything else), stored without compression so its size stays `size`.
        try (OutputStream file0 = Files.newOutputStream(file);
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(file0)) {
            out.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            out.putNextEntry(new java.util.zip.ZipEntry("data.bin"));
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
            out.closeEntry();
        }
    }
}
