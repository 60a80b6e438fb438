package io.streambot.core.upload;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsErrors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The multipart step, for files above the threshold: parallel parts, each with its own SHA-256, then one
 * completion. A failed or interrupted upload (an exception, the caller's interrupt, Ctrl-C through a
 * shutdown hook) is aborted, so no partial object and no billed, invisible parts are left behind.
 */
final class MultipartUpload {
    private final S3Client s3;
    private final Events events;

    MultipartUpload(S3Client s3, Events events) {
        this.s3 = s3;
        this.events = events;
    }

    /** @return the new object's version id (null on an unversioned bucket) */
    String upload(UploadTarget target, UploadRequest request, FileDigest digest, TransferProgress progress) {
        String uploadId = start(target, request, digest);
        int parts = digest.partSha256().size();
        ExecutorService pool = partThreads(Math.min(request.threads(), parts));
        // Ctrl-C during `mvn deploy`: leave no billed, invisible parts behind.
        Thread abortOnExit = new Thread(() -> abort(target, uploadId), "streambot-upload-abort");
        Runtime.getRuntime().addShutdownHook(abortOnExit);
        boolean completed = false;
        boolean interruptedWhileWaiting = false;
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int n = 1; n <= parts; n++) {
                int partNumber = n;
                futures.add(pool.submit(() -> uploadPart(target, request, uploadId, digest, partNumber, progress)));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                done.add(f.get());
            }
            String version = complete(target, uploadId, done);
            completed = true;
            return version;
        } catch (InterruptedException e) {
            interruptedWhileWaiting = true;
            throw new AwsCallException(
                    "the upload of " + target.what() + " to " + target.where() + " was interrupted: it was aborted and"
                            + " nothing is left under the key",
                    null,
                    0,
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw AwsErrors.translate("upload a part of " + target.what(), target.where(), sdk);
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("could not read " + request.file(), io);
            }
            throw new IllegalStateException("a part of " + target.where() + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            if (!completed) {
                abortAfterPartsStop(pool, target, uploadId, interruptedWhileWaiting);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(abortOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) and aborts; nothing to undo
            }
        }
    }

    private String start(UploadTarget target, UploadRequest request, FileDigest digest) {
        try {
            return s3.createMultipartUpload(ObjectAttributes.createMultipart(target, request, digest)
                            .build())
                    .uploadId();
        } catch (SdkException e) {
            throw AwsErrors.translate("start the multipart upload of " + target.what(), target.where(), e);
        }
    }

    private static ExecutorService partThreads(int threads) {
        AtomicInteger threadNumber = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "streambot-upload-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private CompletedPart uploadPart(
            UploadTarget target,
            UploadRequest request,
            String uploadId,
            FileDigest digest,
            int partNumber,
            TransferProgress progress) {
        long offset = (partNumber - 1) * digest.partSize();
        long length = Math.min(digest.partSize(), digest.size() - offset);
        String checksum = digest.partBase64(partNumber);
        ContentStreamProvider slice = () -> {
            try {
                FileChannel channel = FileChannel.open(request.file(), StandardOpenOption.READ);
                channel.position(offset);
                return progress.counting(new Bounded(Channels.newInputStream(channel), length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        String eTag = s3.uploadPart(
                        b -> b.bucket(target.bucket())
                                .key(target.key())
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                .checksumSHA256(checksum)
                                .overrideConfiguration(o -> TransferTime.allow(s3, o, length)),
                        RequestBody.fromContentProvider(slice, length, ObjectAttributes.ZIP))
                .eTag();
        return CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(eTag)
                .checksumSHA256(checksum)
                .build();
    }

    private String complete(UploadTarget target, String uploadId, List<CompletedPart> parts) {
        try {
            return s3.completeMultipartUpload(b -> b.bucket(target.bucket())
                            .key(target.key())
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)))
                    .versionId();
        } catch (SdkException e) {
            throw AwsErrors.translate("complete the multipart upload of " + target.what(), target.where(), e);
        }
    }

    /**
     * Parts still in flight could outlive an early abort: stop them, then abort. The interrupt flag is cleared
     * so the abort call can run, and restored after for the caller to see.
     */
    private void abortAfterPartsStop(
            ExecutorService pool, UploadTarget target, String uploadId, boolean interruptedWhileWaiting) {
        boolean interrupted = Thread.interrupted() || interruptedWhileWaiting;
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            interrupted = true;
        }
        abort(target, uploadId);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void abort(UploadTarget target, String uploadId) {
        try {
            s3.abortMultipartUpload(
                    b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            events.warn("Aborted the multipart upload of " + target.where() + ": nothing is left under the key");
        } catch (SdkException e) {
            events.warn("Could not abort multipart upload " + uploadId + " of " + target.where() + " ("
                    + e.getMessage() + "): remove it with `aws s3api abort-multipart-upload --bucket "
                    + target.bucket() + " --key " + target.key() + " --upload-id " + uploadId
                    + "` or a lifecycle rule");
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
