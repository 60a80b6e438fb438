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
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The examples' ITs: each example's code bundled by {@code streambot:bundle}, then run by {@code
 * streambot:invoke} as Lambda would,
 * with the example's own sample event; configuration from DynamoDB Local, effects in S3Mock and
 * DynamoDB Local.
 */
@LocalAws
class InvokeExamplesIT {
    private static final Path EXAMPLES =
            Path.of(System.getProperty("streambot.root", "../..")).resolve("it/examples");
    /** Each example's handler, as its template names it: what streambot:bundle checks the zip against. */
    private static final Map<String, String> HANDLERS = Map.of(
            "kinesis-to-s3", "io.streambot.examples.kinesis.KinesisToS3::handleRequest",
            "dynamodb-stream-echo", "io.streambot.examples.echo.DynamoDbStreamEcho::handleRequest",
            "stream-processing", "io.streambot.examples.processing.EventProcessor::handleRequest");

    private static final String FIRST_SEQUENCE_NUMBER = "49590338271490256608559692538361571095921575989136588891";

    private static ChildBuild invoke(
            String example, String suffix, String handler, String event, LocalDynamoDb dynamo, LocalS3 s3) {
        // stream-processing is a reactor: its processor module holds the handler.
        Path dir = EXAMPLES.resolve(example.equals("stream-processing") ? "stream-processing/processor" : example)
                .toAbsolutePath()
                .normalize();
        ChildBuild build = ChildBuild.of("invoke-example", example + "-" + suffix)
                .goals("package", ChildBuild.goal("invoke"))
                .property("example.dir", dir)
                .property("example.handler", HANDLERS.get(example))
                .property("streambot.handler", handler)
                .property(
                        "streambot.invoke.event",
                        dir.resolve("src/test/resources/events").resolve(event))
                .property("streambot.region", AwsEndpoints.region().id());
        dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        s3.endpoint().ifPresent(e -> build.property("s3.endpoint", e));
        return build;
    }

    /**
     * Runs the example with the handler its template names, on its sample {@code event}, with the config of
     * {@code function} from {@code table}.
     */
    private static ChildBuild.Result invokeWithItsHandler(
            String example, String event, String table, String function, LocalDynamoDb dynamo, LocalS3 s3) {
        return invoke(example, "ok", HANDLERS.get(example), event, dynamo, s3)
                .property("streambot.envTable", table)
                .property("streambot.functionName", function)
                .run();
    }

    /** Runs kinesis-to-s3 on its Kinesis sample with the given handler string, without a config table. */
    private static ChildBuild.Result kinesisToS3With(String suffix, String handler, LocalDynamoDb dynamo, LocalS3 s3) {
        return invoke("kinesis-to-s3", suffix, handler, "kinesis.json", dynamo, s3)
                .run();
    }

    private static String configTable(LocalDynamoDb dynamo) {
        return dynamo.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME);
    }

    private static String function(String example) {
        return example + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void config(LocalDynamoDb dynamo, String table, String function, Map<String, String> env) {
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, env, 1, Instant.now(), "InvokeExamplesIT").toItem()));
    }

    @Test
    void kinesisToS3WritesTheSampleEventsRecordsToTheBucketOfItsConfiguration(LocalDynamoDb dynamo, LocalS3 s3) {
        String table = configTable(dynamo);
        String bucket = s3.createBucket("invoked");
        String function = function("kinesis-to-s3");
        config(dynamo, table, function, Map.of("EventBucket", bucket, "EventPrefix", "events/"));

        ChildBuild.Result result = invokeWithItsHandler("kinesis-to-s3", "kinesis.json", table, function, dynamo, s3);

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
    void dynamodbStreamEchoLogsEveryChangeOfTheSampleStreamEvent(LocalDynamoDb dynamo, LocalS3 s3) {
        String table = configTable(dynamo); // no record: the echo needs none
        ChildBuild.Result result = invokeWithItsHandler(
                "dynamodb-stream-echo", "dynamodb-stream.json", table, function("dynamodb-stream-echo"), dynamo, s3);

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("| INSERT keys={id=S:42} newImage={id=S:42, name=S:Ada, visits=N:3}")
                .contains("| MODIFY keys={id=S:42} newImage={id=S:42, name=S:Ada, visits=N:4}")
                .contains("Result (")
                .contains("\"echoed 2 changes\"");
    }

    @Test
    void streamProcessingPersistsTheSampleEventsRecordsIntoTheTableOfItsConfiguration(
            LocalDynamoDb dynamo, LocalS3 s3) {
        String table = configTable(dynamo);
        String events = LocalDynamoDb.uniqueTableName("events");
        dynamo.client().createTable(b -> b.tableName(events)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("partitionKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sequenceNumber").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("partitionKey").keyType(KeyType.HASH),
                        k -> k.attributeName("sequenceNumber").keyType(KeyType.RANGE)));
        dynamo.client().waiter().waitUntilTableExists(b -> b.tableName(events));
        String function = function("stream-processing");
        config(dynamo, table, function, Map.of("EventTable", events));

        ChildBuild.Result result =
                invokeWithItsHandler("stream-processing", "kinesis.json", table, function, dynamo, s3);

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log()).contains("\"persisted 3 events into " + events + "\"");
        assertThat(dynamo.client().scan(b -> b.tableName(events)).items())
                .extracting(item -> item.get("data").s())
                .containsExactlyInAnyOrder(
                        "{\"sensor\":\"sensor-1\",\"temperature\":21.5}",
                        "{\"sensor\":\"sensor-2\",\"temperature\":19.0}",
                        "{\"sensor\":\"sensor-1\",\"temperature\":21.7}");
    }

    @Test
    void aHandlerStringThatNamesNoClassOfTheZipFailsTheBuildWithAClearMessage(LocalDynamoDb dynamo, LocalS3 s3) {
        ChildBuild.Result result =
                kinesisToS3With("bad-handler", "io.streambot.examples.kinesis.KinesisToS4::handleRequest", dynamo, s3);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("The function could not be loaded")
                .contains("java.lang.ClassNotFoundException: Class not found:"
                        + " io.streambot.examples.kinesis.KinesisToS4")
                .contains("check <handler> (-Dstreambot.handler)");
    }

    @Test
    void aHandlerStringOfTheWrongFormIsRejectedBeforeAnythingRuns(LocalDynamoDb dynamo, LocalS3 s3) {
        ChildBuild.Result result = kinesisToS3With(
                "malformed-handler", "io.streambot.examples.kinesis.KinesisToS3.handleRequest()", dynamo, s3);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains(
                        "<handler> (-Dstreambot.handler) = 'io.streambot.examples.kinesis.KinesisToS3.handleRequest()'"
                                + " is not a Java handler string")
                .doesNotContain("Invoking ");
    }
}
