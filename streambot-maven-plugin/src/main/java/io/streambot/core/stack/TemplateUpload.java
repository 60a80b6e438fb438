package io.streambot.core.stack;

import io.streambot.core.Events;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts a template too large to pass inline into S3 under a content-addressed key,
 * {@code <prefix>/templates/<sha256>.json|yaml}, so an unchanged template is uploaded once and the
 * URL CloudFormation reads never points at other content.
 */
final class TemplateUpload {
    private final Supplier<S3Client> s3;
    private final Events events;

    TemplateUpload(Supplier<S3Client> s3, Events events) {
        this.s3 = s3;
        this.events = events;
    }

    /** The S3 URL to pass as {@code TemplateURL}, or null when the template fits inline. */
    String urlFor(DeployRequest request) {
        StackTemplate template = request.template();
        if (template.sizeInBytes() <= StackTemplate.INLINE_LIMIT_BYTES) {
            return null;
        }
        byte[] bytes = template.body().getBytes(StandardCharsets.UTF_8);
        String prefix =
                request.templatePrefix() == null || request.templatePrefix().isBlank()
                        ? ""
                        : request.templatePrefix().replaceAll("/+$", "") + "/";
        String key = prefix + "templates/" + sha256(bytes) + (template.isJson() ? ".json" : ".yaml");
        String bucket = request.templateBucket();
        S3Client client = s3.get();
        if (exists(client, bucket, key)) {
            events.info("Template " + template.name() + " (" + bytes.length + " bytes) is already in s3://" + bucket
                    + "/" + key);
        } else {
            events.info("Uploading template " + template.name() + " (" + bytes.length
                    + " bytes, over the inline limit) to s3://" + bucket + "/" + key);
            client.putObject(
                    b -> b.bucket(bucket).key(key).contentType(template.isJson() ? "application/json" : "text/yaml"),
                    RequestBody.fromBytes(bytes));
        }
        return client.utilities().getUrl(b -> b.bucket(bucket).key(key)).toExternalForm();
    }

    private static boolean exists(S3Client client, String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
