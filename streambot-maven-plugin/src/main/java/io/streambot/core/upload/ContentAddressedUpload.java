package io.streambot.core.upload;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsErrors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * Stores a zip in S3 under a key made of its SHA-256, so a template sees a new key exactly when the
 * code changed. An object already there with the same SHA-256 is not sent again. Otherwise the bytes
 * go up with their SHA-256 for S3 to verify: one PUT up to the multipart threshold, parallel parts
 * (each with its own SHA-256) above it. A failed or interrupted multipart upload is aborted, so no
 * partial object ever appears under the key; a single PUT is atomic by itself.
 */
public final class ContentAddressedUpload {
    /** User metadata holding the whole file's hex SHA-256: multipart objects only carry a checksum of checksums. */
    public static final String SHA256_METADATA = "sha256";

    private static final String ZIP = "application/zip";
    private static final long PROGRESS_STEP = 1L << 20;
    /** The slowest upload speed a call that carries the code is given time for: 128 KB/s (1 Mbit/s). */
    static final long TRANSFER_FLOOR_BYTES_PER_SECOND = 128 * 1024;

    private final S3Client s3;
    private final Events events;

    public ContentAddressedUpload(S3Client s3, Events events) {
        this.s3 = s3;
        this.events = events;
    }

    /**
     * Makes sure {@code bucket} exists and is usable before anything is written; creates it (private,
     * ACLs disabled, public access blocked) when it is missing and {@code create} is set.
     *
     * @throws InvalidConfigurationException when it is missing, in another region or taken
     * @throws AwsCallException when access is denied or AWS cannot be reached
     */
    public void requireBucket(String bucket, boolean create) {
        Region region = s3.serviceClientConfiguration().region();
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() == 301) {
                String actual = e.awsErrorDetails()
                        .sdkHttpResponse()
                        .firstMatchingHeader("x-amz-bucket-region")
                        .orElse("another region");
                throw new InvalidConfigurationException(
                        "<region>",
                        "streambot.region",
                        region.id(),
                        "is not the region of bucket '" + bucket + "' (it is in " + actual + ")",
                        "set <region>" + actual + "</region> or use a bucket in " + region.id());
            }
            if (e.statusCode() == 403) {
                throw new AwsCallException(
                        "could not use bucket '" + bucket + "' (<bucket>, -Dstreambot.bucket): access denied. It"
                                + " belongs to another account, or the identity in use lacks s3:ListBucket on it:"
                                + " grant it, or choose another bucket",
                        "AccessDenied",
                        403,
                        e);
            }
            if (e.statusCode() != 404) {
                throw AwsErrors.translate("check the bucket", "s3://" + bucket, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("check the bucket", "s3://" + bucket, e);
        }
        if (!create) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    bucket,
                    "does not exist in region " + region.id(),
                    "create it (`aws s3 mb s3://" + bucket + " --region " + region.id() + "`), fix the name, or set"
                            + " <createBucket>true</createBucket> (-Dstreambot.upload.createBucket) to create a private one");
        }
        createPrivateBucket(bucket, region);
    }

    private void createPrivateBucket(String bucket, Region region) {
        try {
            s3.createBucket(b -> {
                b.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
                // us-east-1 is the one region that rejects its own name as a location constraint.
                if (!Region.US_EAST_1.equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // Created by a concurrent build: fine, it is ours.
        } catch (BucketAlreadyExistsException e) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    bucket,
                    "is taken by another AWS account (bucket names are global)",
                    "choose another name, for example with your account id or project as a prefix");
        } catch (SdkException e) {
            throw AwsErrors.translate("create the bucket", "s3://" + bucket, e);
        }
        try {
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                    .ignorePublicAcls(true)
                    .blockPublicPolicy(true)
                    .restrictPublicBuckets(true)));
        } catch (S3Exception e) {
            // AWS implements this call everywhere; emulators answer "not implemented", or (S3Mock) route it to
            // CreateBucket and answer BucketAlreadyOwnedByYou, which AWS never answers to this call.
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404
                    || e.statusCode() == 405
                    || e.statusCode() == 501
                    || "BucketAlreadyOwnedByYou".equals(code)) {
                events.warn("The endpoint does not implement PutPublicAccessBlock (" + e.statusCode() + "): bucket '"
                        + bucket + "' relies on its default of no public access");
            } else {
                throw AwsErrors.translate("block public access on the new bucket", "s3://" + bucket, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("block public access on the new bucket", "s3://" + bucket, e);
        }
        events.info("Created bucket '" + bucket + "' in " + region.id() + " (private, ACLs disabled, public access"
                + " blocked)");
    }

    /** {@link #upload(UploadRequest, boolean)} into a bucket that must exist. */
    public UploadResult upload(UploadRequest request) {
        return upload(request, false);
    }

    /**
     * Uploads {@code request.file()} unless an object with the same SHA-256 is already under its key.
     * An unchanged file costs one HeadObject. Otherwise the bucket is checked ({@link #requireBucket},
     * creating it when {@code createBucket} is set) before anything is written.
     *
     * @throws InvalidConfigurationException when the request is invalid or the bucket missing
     * @throws AwsCallException when S3 refuses or fails (after retries), or the upload was interrupted
     */
    public UploadResult upload(UploadRequest request, boolean createBucket) {
        request.validate();
        FileDigest digest;
        try {
            long partSize = partSize(request, request.file().toFile().length());
            digest = FileDigest.of(request.file(), partSize);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + request.file(), e);
        }
        String key = request.key(digest.hex());
        String where = "s3://" + request.bucket() + "/" + key;
        HeadObjectResponse existing = null;
        S3Exception headFailure = null;
        try {
            existing = s3.headObject(b -> b.bucket(request.bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (S3Exception e) {
            // 404: not there (or no bucket). 403, 301...: the bucket check below says why, better than HEAD can.
            headFailure = e.statusCode() == 404 ? null : e;
        } catch (SdkException e) {
            throw AwsErrors.translate("look for the code", where, e);
        }
        if (existing != null && sameContent(existing, digest)) {
            events.info("The code is already uploaded to " + where + " (same SHA-256): nothing sent");
            return result(request, key, existing.versionId(), digest, false);
        }
        requireBucket(request.bucket(), createBucket);
        if (headFailure != null) {
            throw AwsErrors.translate("look for the code", where, headFailure);
        }
        if (existing != null) {
            events.warn(where + " exists but its SHA-256 is missing or differs: uploading it again");
        }
        long started = System.nanoTime();
        String version = digest.partSha256().isEmpty()
                ? putObject(request, key, digest, started)
                : multipart(request, key, digest, started);
        events.progress(progressTask(where, digest.size(), digest.size(), started), digest.size(), digest.size());
        return result(request, key, version, digest, true);
    }

    /**
     * Stores {@code bytes} (small, in memory) under {@code key}, whose name must depend on their content,
     * unless an object with the same SHA-256 is already there: one HeadObject when unchanged, else one PUT
     * with the SHA-256 for S3 to verify. The bucket must exist.
     *
     * @param what what the bytes are, for error messages ("the template")
     * @return whether the bytes were sent
     * @throws AwsCallException when S3 refuses or fails (after retries)
     */
    public boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType, String what) {
        FileDigest digest = FileDigest.of(bytes);
        String where = "s3://" + bucket + "/" + key;
        try {
            HeadObjectResponse existing = null;
            try {
                existing = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw AwsErrors.translate("look for " + what, where, e);
                }
            }
            if (existing != null && sameContent(existing, digest)) {
                return false;
            }
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .contentLength(digest.size())
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                            .checksumSHA256(digest.base64())
                            .metadata(Map.of(SHA256_METADATA, digest.hex()))
                            .overrideConfiguration(o -> withTransferTime(o, bytes.length)),
                    RequestBody.fromBytes(bytes));
            return true;
        } catch (SdkException e) {
            throw AwsErrors.translate("upload " + what, where, e);
        }
    }

    private static UploadResult result(
            UploadRequest request, String key, String version, FileDigest digest, boolean sent) {
        return new UploadResult(
                request.bucket(), key, version, digest.hex(), digest.base64(), sent, sent ? digest.size() : 0);
    }

    /** 0 for a single PUT; otherwise the configured part size, grown so the file fits S3's 10,000 parts. */
    static long partSize(UploadRequest request, long size) {
        if (size <= request.multipartThreshold()) {
            return 0;
        }
        long minimum = (size + UploadRequest.MAX_PARTS - 1) / UploadRequest.MAX_PARTS;
        return Math.max(request.partSize(), minimum);
    }

    private static boolean sameContent(HeadObjectResponse head, FileDigest digest) {
        if (digest.base64().equals(head.checksumSHA256())) {
            return true;
        }
        String recorded = head.metadata().get(SHA256_METADATA);
        return recorded != null && recorded.equalsIgnoreCase(digest.hex()) && head.contentLength() == digest.size();
    }

    private String putObject(UploadRequest request, String key, FileDigest digest, long started) {
        String where = "s3://" + request.bucket() + "/" + key;
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(request.bucket())
                .key(key)
                .contentType(ZIP)
                .contentLength(digest.size())
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(digest.base64())
                .metadata(Map.of(SHA256_METADATA, digest.hex()))
                .overrideConfiguration(o -> withTransferTime(o, digest.size()));
        if (request.kmsKeyId() != null) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(request.kmsKeyId());
        }
        if (!request.tags().isEmpty()) {
            put.tagging(tagging(request.tags()));
        }
        AtomicLong sent = new AtomicLong();
        ContentStreamProvider counted = () -> {
            try {
                return new Counting(Files.newInputStream(request.file()), sent, where, digest.size(), started);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            return s3.putObject(put.build(), RequestBody.fromContentProvider(counted, digest.size(), ZIP))
                    .versionId();
        } catch (SdkException e) {
            throw AwsErrors.translate("upload the code", where, e);
        }
    }

    private String multipart(UploadRequest request, String key, FileDigest digest, long started) {
        String where = "s3://" + request.bucket() + "/" + key;
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(request.bucket())
                .key(key)
                .contentType(ZIP)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .metadata(Map.of(SHA256_METADATA, digest.hex()));
        if (request.kmsKeyId() != null) {
            create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(request.kmsKeyId());
        }
        if (!request.tags().isEmpty()) {
            create.tagging(tagging(request.tags()));
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(create.build()).uploadId();
        } catch (SdkException e) {
            throw AwsErrors.translate("start the multipart upload of the code", where, e);
        }
        int parts = digest.partSha256().size();
        int threads = Math.min(request.threads(), parts);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "streambot-upload-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Ctrl-C during `mvn deploy`: leave no billed, invisible parts behind.
        Thread abortOnExit = new Thread(() -> abort(request.bucket(), key, uploadId), "streambot-upload-abort");
        Runtime.getRuntime().addShutdownHook(abortOnExit);
        boolean completed = false;
        boolean interruptedWhileWaiting = false;
        try {
            AtomicLong sent = new AtomicLong();
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int n = 1; n <= parts; n++) {
                int partNumber = n;
                futures.add(pool.submit(() -> uploadPart(request, key, uploadId, digest, partNumber, sent, started)));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                done.add(f.get());
            }
            String version = s3.completeMultipartUpload(b -> b.bucket(request.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(done)))
                    .versionId();
            completed = true;
            return version;
        } catch (InterruptedException e) {
            interruptedWhileWaiting = true;
            throw new AwsCallException(
                    "the upload of the code to " + where + " was interrupted: it was aborted and nothing is left under"
                            + " the key",
                    null,
                    0,
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw AwsErrors.translate("upload a part of the code", where, sdk);
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("could not read " + request.file(), io);
            }
            throw new IllegalStateException("a part of " + where + " failed: " + cause, cause);
        } catch (SdkException e) {
            throw AwsErrors.translate("complete the multipart upload of the code", where, e);
        } finally {
            pool.shutdownNow();
            if (!completed) {
                // Parts still in flight could outlive an early abort: stop them, then abort.
                // Clear the flag so the abort call can run, and restore it after for the caller to see.
                boolean interrupted = Thread.interrupted() || interruptedWhileWaiting;
                try {
                    pool.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    interrupted = true;
                }
                abort(request.bucket(), key, uploadId);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(abortOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) and aborts; nothing to undo
            }
        }
    }

    private CompletedPart uploadPart(
            UploadRequest request,
            String key,
            String uploadId,
            FileDigest digest,
            int partNumber,
            AtomicLong sent,
            long started)
            throws IOException {
        long offset = (partNumber - 1) * digest.partSize();
        long length = Math.min(digest.partSize(), digest.size() - offset);
        String where = "s3://" + request.bucket() + "/" + key;
        String checksum = digest.partBase64(partNumber);
        ContentStreamProvider slice = () -> {
            try {
                FileChannel channel = FileChannel.open(request.file(), StandardOpenOption.READ);
                channel.position(offset);
                return new Counting(
                        new Bounded(Channels.newInputStream(channel), length), sent, where, digest.size(), started);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        String eTag = s3.uploadPart(
                        b -> b.bucket(request.bucket())
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                .checksumSHA256(checksum)
                                .overrideConfiguration(o -> withTransferTime(o, length)),
                        RequestBody.fromContentProvider(slice, length, ZIP))
                .eTag();
        return CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(eTag)
                .checksumSHA256(checksum)
                .build();
    }

    /**
     * A call that carries {@code bytes} gets the client's API call timeout (the wait for an answer) plus
     * one second per {@link #TRANSFER_FLOOR_BYTES_PER_SECOND} bytes, so a slow but moving upload is not cut
     * off while an endpoint that never answers still fails in bounded time.
     */
    private void withTransferTime(AwsRequestOverrideConfiguration.Builder o, long bytes) {
        s3.serviceClientConfiguration().overrideConfiguration().apiCallTimeout().ifPresent(base -> {
            Duration t = base.plusSeconds(bytes / TRANSFER_FLOOR_BYTES_PER_SECOND + 1);
            o.apiCallTimeout(t).apiCallAttemptTimeout(t);
        });
    }

    private void abort(String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            events.warn(
                    "Aborted the multipart upload of s3://" + bucket + "/" + key + ": nothing is left under the key");
        } catch (SdkException e) {
            events.warn("Could not abort multipart upload " + uploadId + " of s3://" + bucket + "/" + key + " ("
                    + e.getMessage() + "): remove it with `aws s3api abort-multipart-upload --bucket " + bucket
                    + " --key " + key + " --upload-id " + uploadId + "` or a lifecycle rule");
        }
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

    static String progressTask(String where, long done, long total, long started) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        return String.format(
                Locale.ROOT,
                "Uploading %s (%s) at %.1f MB/s",
                where,
                ByteSize.format(total),
                done / seconds / (1024 * 1024));
    }

    /** Counts bytes read into the shared total and reports progress every megabyte. */
    private final class Counting extends FilterInputStream {
        private final AtomicLong sent;
        private final String where;
        private final long total;
        private final long started;

        Counting(InputStream in, AtomicLong sent, String where, long total, long started) {
            super(in);
            this.sent = sent;
            this.where = where;
            this.total = total;
            this.started = started;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            long after = sent.addAndGet(n);
            if (after / PROGRESS_STEP != (after - n) / PROGRESS_STEP) {
                // Retried bytes count twice: cap below the total, which only success reports.
                long done = Math.min(after, total - 1);
                events.progress(progressTask(where, done, total, started), done, total);
            }
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
