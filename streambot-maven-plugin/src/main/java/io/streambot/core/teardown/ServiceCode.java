package io.streambot.core.teardown;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A service's code objects, the keys under its own prefix ({@code <prefix>/<artifactId>/}), and their deletion. */
public final class ServiceCode {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Events events;

    /**
     * @param prefix the service's own folder, ending in {@code /}
     */
    public ServiceCode(S3Client s3, String bucket, String prefix, Events events) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("the prefix must end in /: " + prefix);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.events = events;
    }

    /** Every key under the prefix, every page; empty (and said in {@code left}) when the bucket does not exist. */
    public List<String> keys(List<String> left) {
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                keys.add(o.key());
            }
        } catch (NoSuchBucketException e) {
            left.add("code objects: bucket " + bucket + " does not exist");
            return List.of();
        } catch (SdkException e) {
            throw AwsErrors.translate("list the service's code", "s3://" + bucket + "/" + prefix, e);
        }
        return keys;
    }

    /**
     * Deletes the keys (DeleteObjects, 1,000 a request); a key S3 reports as not deleted is warned about.
     *
     * @return the keys deleted
     * @throws IllegalArgumentException for a key outside the prefix: this class never deletes anything else
     */
    public List<String> delete(List<String> keys) {
        for (String k : keys) {
            if (!k.startsWith(prefix)) {
                throw new IllegalArgumentException("not under " + prefix + ": " + k);
            }
        }
        List<String> deleted = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 1000) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
            Set<String> failed = new HashSet<>();
            try {
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true)
                                .objects(batch.stream()
                                        .map(k -> ObjectIdentifier.builder()
                                                .key(k)
                                                .build())
                                        .toList())))
                        .errors()
                        .forEach(e -> {
                            failed.add(e.key());
                            events.warn("Could not delete s3://" + bucket + "/" + e.key() + ": " + e.code() + " "
                                    + e.message());
                        });
            } catch (SdkException e) {
                throw AwsErrors.translate("delete the service's code", "s3://" + bucket + "/" + prefix, e);
            }
            for (String k : batch) {
                if (!failed.contains(k)) {
                    events.info("Deleted s3://" + bucket + "/" + k);
                    deleted.add(k);
                }
            }
        }
        return deleted;
    }
}
