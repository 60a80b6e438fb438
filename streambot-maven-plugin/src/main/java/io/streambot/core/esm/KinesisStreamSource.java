package io.streambot.core.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/** A Kinesis data stream, read with {@code ListShards}, {@code GetShardIterator} and {@code GetRecords}. */
public final class KinesisStreamSource implements StreamSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KinesisClient kinesis;
    private final String arn;
    private final String streamName;
    private final String region;
    private final String account;

    /** @param arn {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME} */
    public KinesisStreamSource(KinesisClient kinesis, String arn) {
        this.kinesis = kinesis;
        this.arn = arn;
        String[] parts = arn.split(":", 6);
        this.region = parts[3];
        this.account = parts[4];
        this.streamName = parts[5].substring("stream/".length());
    }

    /** The source of the stream named {@code streamName}, its ARN asked of Kinesis. */
    public static KinesisStreamSource named(KinesisClient kinesis, String streamName) {
        String arn = kinesis.describeStreamSummary(b -> b.streamName(streamName))
                .streamDescriptionSummary()
                .streamARN();
        return new KinesisStreamSource(kinesis, arn);
    }

    @Override
    public String arn() {
        return arn;
    }

    @Override
    public String kind() {
        return "Kinesis";
    }

    @Override
    public List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            ListShardsRequest.Builder request = ListShardsRequest.builder();
            if (next == null) {
                request.streamName(streamName);
            } else {
                request.nextToken(next);
            }
            ListShardsResponse response = kinesis.listShards(request.build());
            response.shards().forEach(s -> shards.add(new Shard(s.shardId(), s.parentShardId())));
            next = response.nextToken();
        } while (next != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, StartingPosition position, String afterSequenceNumber) {
        return kinesis.getShardIterator(b -> b.streamName(streamName)
                        .shardId(shardId)
                        .shardIteratorType(position.shardIteratorType(afterSequenceNumber))
                        .startingSequenceNumber(afterSequenceNumber))
                .shardIterator();
    }

    @Override
    public Page read(String shardId, String iterator, int limit) {
        GetRecordsResponse response =
                kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
        List<StreamRecord> records = new ArrayList<>();
        for (Record r : response.records()) {
            records.add(new StreamRecord(shardId, r.sequenceNumber(), eventRecord(shardId, r)));
        }
        return new Page(records, response.nextShardIterator(), response.millisBehindLatest());
    }

    /** The record as a {@code KinesisEvent} record. */
    private ObjectNode eventRecord(String shardId, Record r) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode kinesisNode = record.putObject("kinesis");
        kinesisNode.put("kinesisSchemaVersion", "1.0");
        kinesisNode.put("partitionKey", r.partitionKey());
        kinesisNode.put("sequenceNumber", r.sequenceNumber());
        kinesisNode.put("data", Base64.getEncoder().encodeToString(r.data().asByteArray()));
        if (r.approximateArrivalTimestamp() != null) {
            kinesisNode.put(
                    "approximateArrivalTimestamp",
                    BigDecimal.valueOf(r.approximateArrivalTimestamp().toEpochMilli(), 3));
        }
        record.put("eventSource", "aws:kinesis");
        record.put("eventVersion", "1.0");
        record.put("eventID", shardId + ":" + r.sequenceNumber());
        record.put("eventName", "aws:kinesis:record");
        record.put("invokeIdentityArn", "arn:aws:iam::" + account + ":role/streambot-local-event-source");
        record.put("awsRegion", region);
        record.put("eventSourceARN", arn);
        return record;
    }
}
