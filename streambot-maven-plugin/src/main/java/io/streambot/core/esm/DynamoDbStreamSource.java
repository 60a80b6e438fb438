package io.streambot.core.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A DynamoDB table's stream, read with {@code DescribeStream}, {@code GetShardIterator} and {@code GetRecords}. */
public final class DynamoDbStreamSource implements StreamSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbStreamsClient streams;
    private final String arn;
    private final String region;

    /** @param arn {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL} */
    public DynamoDbStreamSource(DynamoDbStreamsClient streams, String arn) {
        this.streams = streams;
        this.arn = arn;
        this.region = arn.split(":", 6)[3];
    }

    /**
     * The source of the table's latest stream.
     *
     * @throws IllegalArgumentException when the table has no stream
     */
    public static DynamoDbStreamSource ofTable(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String table) {
        String arn = dynamoDb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalArgumentException("the table " + table + " has no stream");
        }
        return new DynamoDbStreamSource(streams, arn);
    }

    @Override
    public String arn() {
        return arn;
    }

    @Override
    public String kind() {
        return "DynamoDB";
    }

    @Override
    public List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            DescribeStreamRequest.Builder request =
                    DescribeStreamRequest.builder().streamArn(arn);
            if (last != null) {
                request.exclusiveStartShardId(last);
            }
            StreamDescription description =
                    streams.describeStream(request.build()).streamDescription();
            description.shards().forEach(s -> shards.add(new Shard(s.shardId(), s.parentShardId())));
            last = description.lastEvaluatedShardId();
        } while (last != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, StartingPosition position, String afterSequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(arn)
                        .shardId(shardId)
                        .shardIteratorType(position.shardIteratorType(afterSequenceNumber))
                        .sequenceNumber(afterSequenceNumber))
                .shardIterator();
    }

    @Override
    public Page read(String shardId, String iterator, int limit) {
        // DynamoDB Streams returns at most 1000 records per read.
        GetRecordsResponse response =
                streams.getRecords(b -> b.shardIterator(iterator).limit(Math.min(limit, 1000)));
        List<StreamRecord> records = new ArrayList<>();
        for (Record r : response.records()) {
            records.add(new StreamRecord(shardId, r.dynamodb().sequenceNumber(), eventRecord(r)));
        }
        return new Page(records, response.nextShardIterator(), null);
    }

    /** The record as a {@code DynamodbEvent} record. */
    private ObjectNode eventRecord(Record r) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", r.eventID());
        record.put("eventName", r.eventNameAsString());
        record.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", r.awsRegion() == null ? region : r.awsRegion());
        ObjectNode dynamodb = record.putObject("dynamodb");
        var change = r.dynamodb();
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put(
                    "ApproximateCreationDateTime",
                    change.approximateCreationDateTime().getEpochSecond());
        }
        if (change.hasKeys()) {
            dynamodb.set("Keys", item(change.keys()));
        }
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        if (change.streamViewTypeAsString() != null) {
            dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        }
        record.put("eventSourceARN", arn);
        return record;
    }

    private static ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode node = JSON.createObjectNode();
        attributes.forEach((name, value) -> node.set(name, attribute(value)));
        return node;
    }

    /** An attribute in DynamoDB's JSON wire form ({@code {"S": "x"}}), as the event carries it. */
    static JsonNode attribute(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        if (v.s() != null) {
            node.put("S", v.s());
        } else if (v.n() != null) {
            node.put("N", v.n());
        } else if (v.b() != null) {
            node.put("B", base64(v.b()));
        } else if (v.bool() != null) {
            node.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            node.put("NULL", true);
        } else if (v.hasM()) {
            node.set("M", item(v.m()));
        } else if (v.hasL()) {
            ArrayNode list = node.putArray("L");
            v.l().forEach(e -> list.add(attribute(e)));
        } else if (v.hasSs()) {
            ArrayNode set = node.putArray("SS");
            v.ss().forEach(set::add);
        } else if (v.hasNs()) {
            ArrayNode set = node.putArray("NS");
            v.ns().forEach(set::add);
        } else if (v.hasBs()) {
            ArrayNode set = node.putArray("BS");
            v.bs().forEach(b -> set.add(base64(b)));
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
