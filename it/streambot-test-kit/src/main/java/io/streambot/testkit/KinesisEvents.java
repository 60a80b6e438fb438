package io.streambot.testkit;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Builds the Kinesis event Lambda delivers to a function: as the {@link KinesisEvent} object of
 * {@code aws-lambda-java-events} or as the JSON document on the wire.
 */
public final class KinesisEvents {
    private final String streamArn;
    private final List<Rec> records = new ArrayList<>();

    private record Rec(String partitionKey, byte[] data, String sequenceNumber, long arrival) {}

    private KinesisEvents(String streamArn) {
        this.streamArn = streamArn;
    }

    /** A builder for records of the stream {@code streamName} in the kit's region. */
    public static KinesisEvents stream(String streamName) {
        return new KinesisEvents(
                "arn:aws:kinesis:" + AwsEndpoints.region().id() + ":123456789012:stream/" + streamName);
    }

    public KinesisEvents record(String partitionKey, String data) {
        return record(partitionKey, data.getBytes(StandardCharsets.UTF_8));
    }

    public KinesisEvents record(String partitionKey, byte[] data) {
        String sequence = String.format("4959%052d", records.size() + 1);
        records.add(new Rec(partitionKey, data.clone(), sequence, 1_767_225_600_000L + records.size()));
        return this;
    }

    public KinesisEvent build() {
        KinesisEvent event = new KinesisEvent();
        List<KinesisEvent.KinesisEventRecord> out = new ArrayList<>();
        for (Rec r : records) {
            KinesisEvent.Record kinesis = new KinesisEvent.Record();
            kinesis.setPartitionKey(r.partitionKey());
            kinesis.setData(ByteBuffer.wrap(r.data()));
            kinesis.setSequenceNumber(r.sequenceNumber());
            kinesis.setApproximateArrivalTimestamp(new Date(r.arrival()));
            kinesis.setKinesisSchemaVersion("1.0");
            KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
            record.setKinesis(kinesis);
            record.setEventSource("aws:kinesis");
            record.setEventName("aws:kinesis:record");
            record.setEventVersion("1.0");
            record.setEventSourceARN(streamArn);
            record.setAwsRegion(AwsEndpoints.region().id());
            record.setEventID("shardId-000000000000:" + r.sequenceNumber());
            record.setInvokeIdentityArn("arn:aws:iam::123456789012:role/streambot-test");
            out.add(record);
        }
        event.setRecords(out);
        return event;
    }

    /** The event as Lambda sends it (data base64-encoded, arrival time in epoch seconds). */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("Records");
        for (Rec r : records) {
            ObjectNode record = array.addObject();
            ObjectNode kinesis = record.putObject("kinesis");
            kinesis.put("kinesisSchemaVersion", "1.0");
            kinesis.put("partitionKey", r.partitionKey());
            kinesis.put("sequenceNumber", r.sequenceNumber());
            kinesis.put("data", Base64.getEncoder().encodeToString(r.data()));
            kinesis.put("approximateArrivalTimestamp", r.arrival() / 1000.0);
            record.put("eventSource", "aws:kinesis");
            record.put("eventVersion", "1.0");
            record.put("eventID", "shardId-000000000000:" + r.sequenceNumber());
            record.put("eventName", "aws:kinesis:record");
            record.put("invokeIdentityArn", "arn:aws:iam::123456789012:role/streambot-test");
            record.put("awsRegion", AwsEndpoints.region().id());
            record.put("eventSourceARN", streamArn);
        }
        return root.toString();
    }
}
