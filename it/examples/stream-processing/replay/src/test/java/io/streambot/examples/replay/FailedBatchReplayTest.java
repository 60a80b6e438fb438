package io.streambot.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.ConfigTable;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalKinesis;
import io.streambot.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@LocalAws
class FailedBatchReplayTest {
    /** The name surefire gives the runtime through STREAMBOT_ENV_TABLE (see the pom). */
    static final String TABLE = "streambot-env-examples";

    LocalDynamoDb dynamo;
    LocalKinesis kinesis;
    String functionName;
    String stream;
    String streamArn;
    String events;

    @BeforeEach
    void setUp(LocalDynamoDb dynamo, LocalKinesis kinesis) {
        this.dynamo = dynamo;
        this.kinesis = kinesis;
        ConfigTable.prepare(dynamo, TABLE);
        // One function per test: the runtime caches each function's record for its TTL.
        functionName =
                "stream-processing-replay-" + UUID.randomUUID().toString().substring(0, 8);
        stream = LocalKinesis.uniqueStreamName("events");
        streamArn = kinesis.createStream(stream, 1);
        events = LocalDynamoDb.uniqueTableName("events");
        dynamo.client().createTable(b -> b.tableName(events)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("partitionKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sequenceNumber").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("partitionKey").keyType(KeyType.HASH),
                        k -> k.attributeName("sequenceNumber").keyType(KeyType.RANGE)));
        dynamo.client().waiter().waitUntilTableExists(b -> b.tableName(events));
    }

    @AfterEach
    void tearDown() {
        kinesis.deleteStream(stream);
        dynamo.client().deleteTable(b -> b.tableName(events));
    }

    private void config(Map<String, String> env) {
        dynamo.client().putItem(b -> b.tableName(TABLE)
                .item(new EnvRecord(functionName, env, 1, Instant.now(), "test").toItem()));
    }

    /** The sample event of src/test/resources/events, pointed at this test's stream and batch. */
    private SQSEvent failedBatch(String shardId, String first, String last) throws Exception {
        String sample =
                Files.readString(Path.of("src/test/resources/events/failed-batch.json"), StandardCharsets.UTF_8);
        String body = JsonNode.parser()
                .parse(sample)
                .field("Records")
                .orElseThrow()
                .asArray()
                .get(0)
                .field("body")
                .orElseThrow()
                .asString();
        body = body.replaceAll("arn:aws:kinesis:[^\"]*", streamArn)
                .replaceAll("\"shardId\": *\"[^\"]*\"", "\"shardId\": \"" + shardId + "\"")
                .replaceAll("\"startSequenceNumber\": *\"[^\"]*\"", "\"startSequenceNumber\": \"" + first + "\"")
                .replaceAll("\"endSequenceNumber\": *\"[^\"]*\"", "\"endSequenceNumber\": \"" + last + "\"");
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    @Test
    void theFailedBatchIsReadAgainFromTheStreamAndPersistedNothingOutsideIt() throws Exception {
        config(Map.of("EventTable", events));
        List<String> sequences = new ArrayList<>();
        String shard = null;
        for (int i = 0; i < 5; i++) {
            var put = kinesis.put(stream, "sensor-1", "{\"reading\":" + i + "}");
            sequences.add(put.sequenceNumber());
            shard = put.shardId();
        }
        // The batch that failed: the second to the fourth record.
        SQSEvent event = failedBatch(shard, sequences.get(1), sequences.get(3));

        String result = new FailedBatchReplay(kinesis.client(), dynamo.client())
                .handleRequest(event, TestContext.of(functionName));

        assertThat(result).isEqualTo("replayed 3 events of 1 failed batches into " + events);
        assertThat(dynamo.client().scan(b -> b.tableName(events)).items())
                .extracting(item ->
                        item.get("sequenceNumber").s() + "=" + item.get("data").s())
                .containsExactlyInAnyOrder(
                        sequences.get(1) + "={\"reading\":1}",
                        sequences.get(2) + "={\"reading\":2}",
                        sequences.get(3) + "={\"reading\":3}");
    }

    @Test
    void aReplayedEventHasTheProcessorsKeysSoReplayingTwiceDoesNotDuplicate() throws Exception {
        config(Map.of("EventTable", events));
        var put = kinesis.put(stream, "sensor-2", "{\"reading\":7}");
        SQSEvent event = failedBatch(put.shardId(), put.sequenceNumber(), put.sequenceNumber());
        FailedBatchReplay replay = new FailedBatchReplay(kinesis.client(), dynamo.client());

        replay.handleRequest(event, TestContext.of(functionName));
        replay.handleRequest(event, TestContext.of(functionName));

        var items = dynamo.client().scan(b -> b.tableName(events)).items();
        assertThat(items).hasSize(1);
        Map<String, AttributeValue> item = items.get(0);
        assertThat(item.get("partitionKey").s()).isEqualTo("sensor-2");
        assertThat(item.get("sequenceNumber").s()).isEqualTo(put.sequenceNumber());
    }

    @Test
    void aMessageThatIsNotAnOnFailureRecordFailsNamingWhatItLacks() {
        config(Map.of("EventTable", events));
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setBody("{\"hello\":\"world\"}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));

        assertThatThrownBy(() -> new FailedBatchReplay(kinesis.client(), dynamo.client())
                        .handleRequest(event, TestContext.of(functionName)))
                .hasMessageContaining("it has no KinesisBatchInfo");
        assertThat(dynamo.client().scan(b -> b.tableName(events)).count()).isZero();
    }
}
