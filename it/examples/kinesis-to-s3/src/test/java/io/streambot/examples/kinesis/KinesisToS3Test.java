package io.streambot.examples.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.testkit.ConfigTable;
import io.streambot.testkit.KinesisEvents;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import io.streambot.testkit.TestContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@LocalAws
class KinesisToS3Test {
    /** The name surefire gives the runtime through STREAMBOT_ENV_TABLE (see the pom). */
    static final String TABLE = "streambot-env-examples";

    LocalDynamoDb dynamo;
    LocalS3 s3;
    String functionName;

    @BeforeEach
    void setUp(LocalDynamoDb dynamo, LocalS3 s3) {
        this.dynamo = dynamo;
        this.s3 = s3;
        ConfigTable.prepare(dynamo, TABLE);
        // One function per test: the runtime caches each function's record for its TTL.
        functionName = "kinesis-to-s3-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void config(Map<String, String> env) {
        dynamo.client().putItem(b -> b.tableName(TABLE)
                .item(new EnvRecord(functionName, env, 1, Instant.now(), "test").toItem()));
    }

    @Test
    void aBatchLandsInOneObjectUnderTheConfiguredBucketAndPrefix() {
        String bucket = s3.createBucket("events");
        config(Map.of("EventBucket", bucket, "EventPrefix", "from-config/"));
        var event = KinesisEvents.stream("example")
                .record("pk-1", "{\"n\":1}")
                .record("pk-2", "{\"n\":2}")
                .build();

        String result = new KinesisToS3(s3.client()).handleRequest(event, TestContext.of(functionName));

        var objects = s3.client().listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(objects).hasSize(1);
        String key = objects.get(0).key();
        assertThat(key)
                .startsWith("from-config/shardId-000000000000/")
                .endsWith(event.getRecords().get(0).getKinesis().getSequenceNumber() + ".jsonl");
        String body =
                s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        assertThat(body).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
        assertThat(result).isEqualTo("wrote 2 records to s3://" + bucket + "/" + key);
    }

    @Test
    void aRetriedBatchOverwritesTheSameObjectInsteadOfDuplicatingIt() {
        String bucket = s3.createBucket("events");
        config(Map.of("EventBucket", bucket, "EventPrefix", "p/"));
        var event = KinesisEvents.stream("example").record("pk", "once").build();
        KinesisToS3 handler = new KinesisToS3(s3.client());

        handler.handleRequest(event, TestContext.of(functionName));
        handler.handleRequest(event, TestContext.of(functionName));

        assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void withoutAConfigRecordTheBatchFailsNamingTheFunctionAndNothingIsWritten() {
        String bucket = s3.createBucket("events");
        var event = KinesisEvents.stream("example").record("pk", "lost?").build();

        assertThatThrownBy(() -> new KinesisToS3(s3.client()).handleRequest(event, TestContext.of(functionName)))
                .isInstanceOf(StreambotConfigException.class)
                .hasMessageContaining(functionName);
        assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void aRecordWithoutEventBucketFailsNamingTheKey() {
        config(Map.of("EventPrefix", "p/"));
        var event = KinesisEvents.stream("example").record("pk", "x").build();

        assertThatThrownBy(() -> new KinesisToS3(s3.client()).handleRequest(event, TestContext.of(functionName)))
                .isInstanceOf(StreambotConfigException.class)
                .hasMessageContaining("EventBucket");
    }
}
