package io.streambot.core.teardown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.RecordingEvents;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The service's code objects on S3Mock or, unchanged, on the external endpoint of {@code streambot.it.endpoint}:
 * only the keys under the service's own prefix are listed and deleted. The bucket is emptied and deleted
 * after the test, also when it fails.
 */
@LocalAws
class ServiceCodeTest {
    final RecordingEvents events = new RecordingEvents();

    @Test
    void listsAndDeletesOnlyTheKeysUnderTheServicesPrefix(LocalS3 s3) {
        String bucket = s3.createBucket("service-code");
        try {
            for (String key : List.of(
                    "streambot/svc/a.zip",
                    "streambot/svc/b.zip",
                    "streambot/svc-other/c.zip",
                    "streambot/templates/t.json")) {
                s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
            }
            ServiceCode code = new ServiceCode(s3.client(), bucket, "streambot/svc/", events);

            List<String> keys = code.keys(new ArrayList<>());
            List<String> deleted = code.delete(keys);

            assertThat(keys).containsExactly("streambot/svc/a.zip", "streambot/svc/b.zip");
            assertThat(deleted).containsExactlyElementsOf(keys);
            assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
                    .extracting(S3Object::key)
                    .containsExactlyInAnyOrder("streambot/svc-other/c.zip", "streambot/templates/t.json");
            assertThatThrownBy(() -> code.delete(List.of("streambot/templates/t.json")))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            for (S3Object o : s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()) {
                s3.client().deleteObject(b -> b.bucket(bucket).key(o.key()));
            }
            s3.client().deleteBucket(b -> b.bucket(bucket));
        }
    }

    @Test
    void aMissingBucketIsSaidAndNothingFails(LocalS3 s3) {
        List<String> left = new ArrayList<>();

        List<String> keys =
                new ServiceCode(s3.client(), "streambot-absent-bucket-7c1e", "streambot/svc/", events).keys(left);

        assertThat(keys).isEmpty();
        assertThat(left).containsExactly("code objects: bucket streambot-absent-bucket-7c1e does not exist");
    }
}
