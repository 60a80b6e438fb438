package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalKinesis;
import io.streambot.testkit.LocalS3;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code streambot:run-stream} on the examples' code: records written to a real local stream (kinesis-local,
 * DynamoDB Local's Streams) reach the bundle in batches, run as Lambda runs it, and their effects land in the
 * local S3 or the function's log, with one line per batch.
 */
@LocalAws
class RunStreamExamplesIT {
    private static final Path EXAMPLES =
            Path.of(System.getProperty("streambot.root", "../..")).resolve("it/examples");
    private static final Pattern BATCH_LINE =
            Pattern.compile("Batch (shardId-\\S+) +(\\d+) records? +(\\d+)\\.\\.(\\d+) +OK +\\d+ ms");

    private static ChildBuild runStream(String example, String handler, String suffix) {
        Path dir = EXAMPLES.resolve(example).toAbsolutePath().normalize();
        return ChildBuild.of("invoke-example", example + "-stream-" + suffix)
                .goals("package", ChildBuild.goal("run-stream"))
                .property("example.dir", dir)
                .property("example.handler", handler)
                .property("streambot.handler", handler)
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.stream.batchSize", 2)
                .property("streambot.stream.maxBatches", 10) // a guard: a function that keeps failing stops here
                .property("streambot.stream.idleTimeout", "3s");
    }

    @Test
    void dynamodbStreamEchoGetsEveryChangeOfTheTablesStreamInBatches(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(
                LocalDynamoDb.uniqueTableName("echo-source"), "id", StreamViewType.NEW_AND_OLD_IMAGES);
        try {
            for (String id : new String[] {"a", "b", "c"}) {
                dynamo.client().putItem(b -> b.tableName(table)
                        .item(Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS("n-" + id))));
            }
            ChildBuild build = runStream(
                            "dynamodb-stream-echo",
                            "io.streambot.examples.echo.DynamoDbStreamEcho::handleRequest",
                            "ok")
                    .property(
                            "streambot.stream",
                            dynamo.client()
                                    .describeTable(b -> b.tableName(table))
                                    .table()
                                    .latestStreamArn())
                    .property("streambot.stream.startingPosition", "TRIM_HORIZON")
                    .property( // no record: the echo needs none
                            "streambot.envTable",
                            dynamo.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME))
                    .property(
                            "streambot.functionName",
                            "echo-" + UUID.randomUUID().toString().substring(0, 8));
            dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
            ChildBuild.Result result = build.run();

            assertThat(result.succeeded()).as(result.log()).isTrue();
            assertThat(result.log())
                    .contains("| INSERT keys={id=S:a} newImage={id=S:a, name=S:n-a}")
                    .contains("| INSERT keys={id=S:c} newImage={id=S:c, name=S:n-c}")
                    .contains("Stopped (idle) after 2 invocations: 3 records done");
            assertThat(batchLines(result.log())).isEqualTo(2);
        } finally {
            dynamo.client().deleteTable(b -> b.tableName(table));
        }
    }

    @Test
    void kinesisToS3WritesEachBatchOfTheStreamToTheBucketOfItsConfiguration(
            LocalDynamoDb dynamo, LocalS3 s3, LocalKinesis kinesis) {
        String configTable = dynamo.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME);
        String bucket = s3.createBucket("streamed");
        String function = "kinesis-to-s3-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.client().putItem(b -> b.tableName(configTable)
                .item(new EnvRecord(
                                function,
                                Map.of("EventBucket", bucket, "EventPrefix", "events/"),
                                1,
                                Instant.now(),
                                "RunStreamExamplesIT")
                        .toItem()));
        String stream = LocalKinesis.uniqueStreamName("sensors");
        String arn = kinesis.createStream(stream, 1);
        try {
            for (int i = 0; i < 5; i++) {
                kinesis.put(stream, "sensor-1", "{\"sensor\":\"sensor-1\",\"reading\":" + i + "}");
            }
            ChildBuild build = runStream(
                            "kinesis-to-s3", "io.streambot.examples.kinesis.KinesisToS3::handleRequest", "ok")
                    .property("streambot.stream", arn)
                    .property("streambot.envTable", configTable)
                    .property("streambot.functionName", function);
            dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
            kinesis.endpoint().ifPresent(e -> build.property("streambot.stream.endpoint", e));
            s3.endpoint().ifPresent(e -> build.property("s3.endpoint", e));
            ChildBuild.Result result = build.run();

            assertThat(result.succeeded()).as(result.log()).isTrue();
            assertThat(batchLines(result.log())).isEqualTo(3);
            assertThat(result.log()).contains("Stopped (idle) after 3 invocations: 5 records done");
            StringBuilder written = new StringBuilder();
            for (S3Object object : s3.client()
                    .listObjectsV2(b -> b.bucket(bucket).prefix("events/"))
                    .contents()) {
                written.append(s3.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                        .asUtf8String());
            }
            assertThat(written.toString().lines())
                    .containsExactly(
                            "{\"sensor\":\"sensor-1\",\"reading\":0}",
                            "{\"sensor\":\"sensor-1\",\"reading\":1}",
                            "{\"sensor\":\"sensor-1\",\"reading\":2}",
                            "{\"sensor\":\"sensor-1\",\"reading\":3}",
                            "{\"sensor\":\"sensor-1\",\"reading\":4}");
        } finally {
            kinesis.deleteStream(stream);
        }
    }

    private static int batchLines(String log) {
        Matcher m = BATCH_LINE.matcher(log);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }
}
