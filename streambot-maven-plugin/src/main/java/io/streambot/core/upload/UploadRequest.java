package io.streambot.core.upload;

import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * One file to store content-addressed under {@code <prefix>/<name>/<sha256>.zip} in {@code bucket}.
 *
 * @param file the zip to upload
 * @param bucket the S3 bucket
 * @param prefix the key prefix, without leading or trailing slash (may be empty)
 * @param name the middle key segment, the artifactId
 * @param kmsKeyId a KMS key id, ARN or alias for SSE-KMS, or null for the bucket's default encryption
 * @param tags object tags (may be empty)
 * @param multipartThreshold files larger than this go up in parallel parts
 * @param partSize the size of each part (the last may be smaller)
 * @param threads how many parts go up at once
 */
public record UploadRequest(
        Path file,
        String bucket,
        String prefix,
        String name,
        String kmsKeyId,
        Map<String, String> tags,
        long multipartThreshold,
        long partSize,
        int threads) {
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L << 20;
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    public static final int DEFAULT_THREADS = 4;
    /** S3's lower bound for every part but the last. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** S3's upper bound on the number of parts. */
    public static final int MAX_PARTS = 10_000;
    /**
     * The middle key segment of dependency layers ({@code <prefix>/layers/<sha256>.zip}): shared by every module,
     * so modules with the same {@code lib/} upload one object.
     */
    public static final String LAYERS = "layers";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String KEY_ID =
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
    private static final String ALIAS = "alias/[a-zA-Z0-9/_-]{1,250}";
    /** What S3 accepts as an SSE-KMS key: a key id, a multi-Region key id, an alias, or a key's or alias's ARN. */
    private static final Pattern KMS_KEY = Pattern.compile(
            KEY_ID + "|" + ALIAS + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/" + KEY_ID + "|" + ALIAS + ")");

    private static final Pattern KEY_SEGMENTS = Pattern.compile("[A-Za-z0-9!_.*'()/-]*");

    public UploadRequest {
        tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    /** With the defaults for threshold, part size and threads. */
    public static UploadRequest of(Path file, String bucket, String prefix, String name) {
        return new UploadRequest(
                file,
                bucket,
                prefix,
                name,
                null,
                Map.of(),
                DEFAULT_MULTIPART_THRESHOLD,
                DEFAULT_PART_SIZE,
                DEFAULT_THREADS);
    }

    public UploadRequest withFile(Path file, String name) {
        return new UploadRequest(file, bucket, prefix, name, kmsKeyId, tags, multipartThreshold, partSize, threads);
    }

    public UploadRequest withMultipart(long threshold, long partSize, int threads) {
        return new UploadRequest(file, bucket, prefix, name, kmsKeyId, tags, threshold, partSize, threads);
    }

    public UploadRequest withEncryptionAndTags(String kmsKeyId, Map<String, String> tags) {
        return new UploadRequest(file, bucket, prefix, name, kmsKeyId, tags, multipartThreshold, partSize, threads);
    }

    /** The object key for a file whose SHA-256 is {@code sha256Hex}. */
    public String key(String sha256Hex) {
        return (prefix.isEmpty() ? "" : prefix + "/") + name + "/" + sha256Hex + ".zip";
    }

    /**
     * Refuses a file that is not a zip (a pom, a jar's manifest, a truncated download) or one with
     * nothing in it: opening it as a zip reads its central directory, without uploading anything.
     *
     * @throws InvalidConfigurationException naming {@code element} and {@code property}
     */
    public static void requireZip(Path file, String element, String property) {
        String problem;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > 0) {
                return;
            }
            problem = "is an empty zip";
        } catch (ZipException e) {
            problem = "is not a zip (" + e.getMessage() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        throw new InvalidConfigurationException(
                element,
                property,
                file.toString(),
                problem,
                "point " + element + " at a Lambda zip (streambot:bundle builds target/<finalName>-lambda.zip), or"
                        + " remove " + element + " to upload the default one");
    }

    /**
     * Checks everything that can be checked without a call.
     *
     * @throws InvalidConfigurationException naming the element, the property and the fix
     */
    public UploadRequest validate() {
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    null,
                    "is not set",
                    "name the S3 bucket that holds the function's code in the plugin's <configuration>, or pass"
                            + " -Dstreambot.bucket=my-bucket (add <createBucket>true</createBucket> to create it)");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    bucket,
                    "is not a valid S3 bucket name",
                    "use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        if (!KEY_SEGMENTS.matcher(prefix).matches() || prefix.contains("//")) {
            throw new InvalidConfigurationException(
                    "<prefix>",
                    "streambot.prefix",
                    prefix,
                    "is not a safe S3 key prefix",
                    "use letters, digits and ! _ . * ' ( ) - separated by single slashes, such as streambot/code");
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(
                    "<file>",
                    "streambot.upload.file",
                    String.valueOf(file),
                    "is not a file",
                    "run `mvn package` with streambot:bundle bound to package first, or point <file> at the zip");
        }
        if (kmsKeyId != null && !KMS_KEY.matcher(kmsKeyId).matches()) {
            throw new InvalidConfigurationException(
                    "<kmsKeyId>",
                    "streambot.upload.kmsKeyId",
                    kmsKeyId,
                    "is not a KMS key id, alias or ARN",
                    "give a key id (1234abcd-12ab-34cd-56ef-1234567890ab or mrk-...), an alias (alias/my-key), or"
                            + " the ARN of a key or alias (arn:aws:kms:eu-west-1:123456789012:key/...), or remove"
                            + " <kmsKeyId> to use the bucket's default encryption");
        }
        requireZip(file, "<file>", "streambot.upload.file");
        if (tags.size() > 10) {
            throw new InvalidConfigurationException(
                    "<tags>",
                    null,
                    String.valueOf(tags.size()) + " tags",
                    "are too many",
                    "S3 allows at most 10 tags per object");
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 128 || v == null || v.length() > 256 || k.startsWith("aws:")) {
                throw new InvalidConfigurationException(
                        "<tags><" + k + ">",
                        null,
                        v,
                        "is not a valid S3 object tag",
                        "use a key of 1-128 characters not starting with aws: and a value of at most 256 characters");
            }
        });
        if (multipartThreshold < 0) {
            throw new InvalidConfigurationException(
                    "<multipartThreshold>",
                    "streambot.upload.multipartThreshold",
                    Long.toString(multipartThreshold),
                    "is not a size",
                    "use a size such as 16MB");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new InvalidConfigurationException(
                    "<partSize>",
                    "streambot.upload.partSize",
                    Long.toString(partSize),
                    "is below S3's minimum part size of 5 MB",
                    "use a size of at least 5MB, such as 8MB");
        }
        if (threads < 1 || threads > 64) {
            throw new InvalidConfigurationException(
                    "<uploadThreads>",
                    "streambot.upload.threads",
                    Integer.toString(threads),
                    "is out of range",
                    "use 1 to 64 parallel parts");
        }
        return this;
    }
}
