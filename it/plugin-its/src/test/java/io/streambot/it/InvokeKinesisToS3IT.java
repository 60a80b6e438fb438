package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * streambot:invoke on the kinesis-to-s3 example: its code bundled, then run as Lambda would with the
 * example's sample Kinesis event; the configuration comes from DynamoDB Local and the records land in
 * S3Mock.
 */
@LocalAws
class InvokeKinesisToS3IT {
    private static final Path EXAMPLE =
            Path.of(System.getProperty("streambot.root", "../..")).resolve("it/examples/kinesis-to-s3");
    private static final String PLUGIN =
            "io.streambot:streambot-maven-plugin:" + System.getProperty("streambot.version");
    private static final String FIRST_SEQUENCE_NUMBER = "49590338271490256608559692538361571095921575989136588891";

    private ChildBuild build(String suffix, LocalDynamoDb dynamo, LocalS3 s3, String table, String function) {
        ChildBuild build = ChildBuild.of("invoke-kinesis-to-s3", suffix)
                .goals("package", PLUGIN + ":invoke")
                .property("example.dir", EXAMPLE.toAbsolutePath().normalize())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.envTable", table)
                .property("streambot.functionName", function);
        dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        s3.endpoint().ifPresent(e -> build.property("s3.endpoint", e));
        return build;
    }

    @Test
    void theBundledExampleWritesTheSampleEventsRecordsToTheBucketOfItsConfiguration(LocalDynamoDb dynamo, LocalS3 s3) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME);
        String bucket = s3.createBucket("invoked");
        String function = "kinesis-to-s3-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(
                                function,
                                Map.of("EventBucket", bucket, "EventPrefix", "events/"),
                                1,
                                Instant.now(),
                                "InvokeKinesisToS3IT")
                        .toItem()));

        ChildBuild.Result result = build("ok", dynamo, s3, table, function).run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        String key = "events/shardId-000000000000/" + FIRST_SEQUENCE_NUMBER + ".jsonl";
        assertThat(result.log()).contains("Result (").contains("wrote 3 records to s3://" + bucket + "/" + key);
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String())
                .isEqualTo(
                        """
                        {"sensor":"sensor-1","temperature":21.5}
                        {"sensor":"sensor-2","temperature":19.0}
                        {"sensor":"sensor-1","temperature":21.7}
                        """);
    }

    @Test
    void aHandlerStringThatNamesNoClassOfTheZipFailsTheBuildWithAClearMessage(LocalDynamoDb dynamo, LocalS3 s3) {
        ChildBuild.Result result = build("bad-handler", dynamo, s3, "unused", "kinesis-to-s3")
                .property("streambot.handler", "io.streambot.examples.kinesis.KinesisToS4::handleRequest")
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("The function could not be loaded")
                .contains("java.lang.ClassNotFoundException: Class not found:"
                        + " io.streambot.examples.kinesis.KinesisToS4")
                .contains("check <handler> (-Dstreambot.handler)");
    }

    @Test
    void aHandlerStringOfTheWrongFormIsRejectedBeforeAnythingRuns(LocalDynamoDb dynamo, LocalS3 s3) {
        ChildBuild.Result result = build("malformed-handler", dynamo, s3, "unused", "kinesis-to-s3")
                .property("streambot.handler", "io.streambot.examples.kinesis.KinesisToS3.handleRequest()")
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains(
                        "<handler> (-Dstreambot.handler) = 'io.streambot.examples.kinesis.KinesisToS3.handleRequest()'"
                                + " is not a Java handler string")
                .doesNotContain("Invoking ");
    }
}
