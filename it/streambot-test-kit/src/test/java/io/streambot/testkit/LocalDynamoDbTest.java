package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

@LocalAws
class LocalDynamoDbTest {

    @Test
    void putThenGetRoundTripsThroughTheServer(LocalDynamoDb dynamo, DynamoDbClient client) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("kit"), "name");
        client.putItem(b -> b.tableName(table).item(Map.of("name", s("fn-1"), "EventBucket", s("bucket-a"))));

        Map<String, AttributeValue> item = client.getItem(
                        b -> b.tableName(table).key(Map.of("name", s("fn-1"))).consistentRead(true))
                .item();

        assertThat(item).containsEntry("EventBucket", s("bucket-a"));
        assertThat(client.getItem(b -> b.tableName(table).key(Map.of("name", s("absent"))))
                        .hasItem())
                .isFalse();
    }

    @Test
    void streamsCarryTheNewImage(LocalDynamoDb dynamo, DynamoDbStreamsClient streams) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("kit-stream"), "id", StreamViewType.NEW_IMAGE);
        dynamo.client().putItem(b -> b.tableName(table).item(Map.of("id", s("k1"), "v", s("hello"))));

        String streamArn =
                dynamo.client().describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(streamArn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        String iterator = streams.getShardIterator(
                        b -> b.streamArn(streamArn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        var records = streams.getRecords(b -> b.shardIterator(iterator)).records();

        assertThat(records).hasSize(1);
        assertThat(records.get(0).dynamodb().newImage()).containsEntry("v", streamValue("hello"));
    }

    @Test
    void theServerIsSharedAcrossTests(LocalDynamoDb first) {
        assertThat(LocalDynamoDb.get()).isSameAs(first);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue streamValue(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
