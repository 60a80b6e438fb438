package io.streambot.testkit;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the DynamoDB stream event Lambda delivers: as {@link DynamodbEvent} or as wire JSON. Attribute
 * values are given as plain Java values: a {@link String} becomes {@code S}, a {@link Number} {@code N},
 * a {@link Boolean} {@code BOOL}.
 */
public final class DynamoDbStreamEvents {
    private final String tableName;
    private final String streamViewType;
    private final List<Rec> records = new ArrayList<>();

    private record Rec(
            String eventName, Map<String, Object> keys, Map<String, Object> newImage, Map<String, Object> oldImage) {}

    private DynamoDbStreamEvents(String tableName, String streamViewType) {
        this.tableName = tableName;
        this.streamViewType = streamViewType;
    }

    /** Records of the stream of {@code tableName} with view type {@code NEW_IMAGE}. */
    public static DynamoDbStreamEvents table(String tableName) {
        return new DynamoDbStreamEvents(tableName, "NEW_IMAGE");
    }

    public DynamoDbStreamEvents insert(Map<String, Object> keys, Map<String, Object> newImage) {
        records.add(new Rec("INSERT", keys, newImage, null));
        return this;
    }

    public DynamoDbStreamEvents modify(Map<String, Object> keys, Map<String, Object> newImage) {
        records.add(new Rec("MODIFY", keys, newImage, null));
        return this;
    }

    public DynamoDbStreamEvents remove(Map<String, Object> keys) {
        records.add(new Rec("REMOVE", keys, null, null));
        return this;
    }

    public String streamArn() {
        return "arn:aws:dynamodb:" + AwsEndpoints.region().id() + ":123456789012:table/" + tableName
                + "/stream/2026-01-01T00:00:00.000";
    }

    public DynamodbEvent build() {
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
        int i = 0;
        for (Rec r : records) {
            i++;
            StreamRecord stream = new StreamRecord();
            stream.setKeys(attributes(r.keys()));
            if (r.newImage() != null) {
                stream.setNewImage(attributes(r.newImage()));
            }
            stream.setSequenceNumber(Integer.toString(100 + i));
            stream.setSizeBytes(64L);
            stream.setStreamViewType(
                    com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                            streamViewType));
            stream.setApproximateCreationDateTime(new Date(1_767_225_600_000L));
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID("event-" + i);
            record.setEventName(r.eventName());
            record.setEventVersion("1.1");
            record.setEventSource("aws:dynamodb");
            record.setAwsRegion(AwsEndpoints.region().id());
            record.setEventSourceARN(streamArn());
            record.setDynamodb(stream);
            out.add(record);
        }
        event.setRecords(out);
        return event;
    }

    /** The event as Lambda sends it. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("Records");
        int i = 0;
        for (Rec r : records) {
            i++;
            ObjectNode record = array.addObject();
            record.put("eventID", "event-" + i);
            record.put("eventName", r.eventName());
            record.put("eventVersion", "1.1");
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", AwsEndpoints.region().id());
            ObjectNode dynamodb = record.putObject("dynamodb");
            dynamodb.put("ApproximateCreationDateTime", 1_767_225_600L);
            dynamodb.set("Keys", json(mapper, r.keys()));
            if (r.newImage() != null) {
                dynamodb.set("NewImage", json(mapper, r.newImage()));
            }
            dynamodb.put("SequenceNumber", Integer.toString(100 + i));
            dynamodb.put("SizeBytes", 64);
            dynamodb.put("StreamViewType", streamViewType);
            record.put("eventSourceARN", streamArn());
        }
        return root.toString();
    }

    private static Map<String, AttributeValue> attributes(Map<String, Object> values) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            AttributeValue a = new AttributeValue();
            if (v instanceof Number n) {
                a.setN(n.toString());
            } else if (v instanceof Boolean b) {
                a.setBOOL(b);
            } else {
                a.setS(String.valueOf(v));
            }
            out.put(k, a);
        });
        return out;
    }

    private static ObjectNode json(ObjectMapper mapper, Map<String, Object> values) {
        ObjectNode node = mapper.createObjectNode();
        values.forEach((k, v) -> {
            ObjectNode a = node.putObject(k);
            if (v instanceof Number n) {
                a.put("N", n.toString());
            } else if (v instanceof Boolean b) {
                a.put("BOOL", b);
            } else {
                a.put("S", String.valueOf(v));
            }
        });
        return node;
    }
}
