package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.upload.ContentAddressedUpload;
import io.streambot.core.upload.FileDigest;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts a template too large to pass inline into S3 under a content-addressed key,
 * {@code <prefix>/templates/<sha256>.json|yaml}, so an unchanged template is uploaded once and the
 * URL CloudFormation reads never points at other content. The put itself (HEAD first, SHA-256 checked
 * by S3) is {@link ContentAddressedUpload#putIfAbsent}'s.
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
        String key = prefix + "templates/" + FileDigest.of(bytes).hex() + (template.isJson() ? ".json" : ".yaml");
        String bucket = request.templateBucket();
        S3Client client = s3.get();
        String contentType = template.isJson() ? "application/json" : "text/yaml";
        if (new ContentAddressedUpload(client, events).putIfAbsent(bucket, key, bytes, contentType, "the template")) {
            events.info("Uploaded template " + template.name() + " (" + bytes.length
                    + " bytes, over the inline limit) to s3://" + bucket + "/" + key);
        } else {
            events.info("Template " + template.name() + " (" + bytes.length + " bytes) is already in s3://" + bucket
                    + "/" + key);
        }
        return client.utilities().getUrl(b -> b.bucket(bucket).key(key)).toExternalForm();
    }
}
