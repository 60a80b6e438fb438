package io.streambot.examples.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.testkit.ConfigTable;
import io.streambot.testkit.KinesisEvents;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@LocalAws
class EventProcessorTest {
    /** The name surefire gives the runtime through STREAMBOT_ENV_TABLE (see the pom). */
    static final String TABLE = "streambot-env-examples";

    LocalDynamoDb dynamo;
    String functionName;

    @BeforeEach
    void setUp(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        ConfigTable.prepare(dynamo, TABLE);
        // One function per test: the runtime caches each function's record for its TTL.
        functionName = "stream-processing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String eventTable() {
        String name = LocalDynamoDb.uniqueTableName("events");
        dynamo.client().createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("partitionKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sequenceNumber").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("partitionKey").keyType(KeyType.HASH),
                        k -> k.attributeName("sequenceNumber").keyType(KeyType.RANGE)));
        dynamo.client().waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private void config(Map<String, String> env) {
        dynamo.client().putItem(b -> b.tableName(TABLE)
                .item(new EnvRecord(functionName, env, 1, Instant.now(), "test").toItem()));
    }

    @Test
    void everyRecordIsPersistedIntoTheTableNamedByTheConfiguration() {
        String events = eventTable();
        config(Map.of("EventTable", events));
        KinesisEvents stream = KinesisEvents.stream("events");
        for (int i = 0; i < 30; i++) { // more than one BatchWriteItem
            stream.record("sensor-" + (i % 3), "{\"reading\":" + i + "}");
        }
        var event = stream.build();

        String result = new EventProcessor(dynamo.client()).handleRequest(event, TestContext.of(functionName));

        assertThat(result).isEqualTo("persisted 30 events into " + events);
        assertThat(dynamo.client().scan(b -> b.tableName(events)).count()).isEqualTo(30);
        var first = event.getRecords().get(0).getKinesis();
        Map<String, AttributeValue> item = dynamo.client()
                .getItem(b -> b.tableName(events)
                        .key(Map.of(
                                "partitionKey", AttributeValue.fromS(first.getPartitionKey()),
                                "sequenceNumber", AttributeValue.fromS(first.getSequenceNumber()))))
                .item();
        assertThat(item.get("data").s()).isEqualTo("{\"reading\":0}");
    }

    @Test
    void aRetriedBatchDoesNotDuplicateEvents() {
        String events = eventTable();
        config(Map.of("EventTable", events));
        var event =
                KinesisEvents.stream("events").record("a", "1").record("b", "2").build();
        EventProcessor processor = new EventProcessor(dynamo.client());

        processor.handleRequest(event, TestContext.of(functionName));
        processor.handleRequest(event, TestContext.of(functionName));

        assertThat(dynamo.client().scan(b -> b.tableName(events)).count()).isEqualTo(2);
    }

    @Test
    void withoutEventTableInTheRecordTheBatchFailsNamingTheKey() {
        config(Map.of("Other", "x"));
        var event = KinesisEvents.stream("events").record("a", "1").build();

        assertThatThrownBy(() -> new EventProcessor(dynamo.client()).handleRequest(event, TestContext.of(functionName)))
                .isInstanceOf(StreambotConfigException.class)
                .hasMessageContaining("EventTable");
    }
}
