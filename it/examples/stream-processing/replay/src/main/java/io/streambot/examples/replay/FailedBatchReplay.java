package io.streambot.examples.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.StreambotRequestHandler;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The replay function of the stream-processing example: {@code
 * io.streambot.examples.replay.FailedBatchReplay::handleRequest}. When the processor gives up on a batch, its
 * event source mapping sends the batch's place in the stream (the on-failure record: {@code KinesisBatchInfo}
 * with {@code streamArn}, {@code shardId}, {@code startSequenceNumber}, {@code endSequenceNumber}) to the
 * failed-batch queue. Once the cause is fixed, this function (fed by that queue) reads those records again from
 * the stream and persists them as the processor does, into the table named by the configuration key
 * {@code EventTable}: same keys, so a replay never duplicates an event the processor did write.
 */
public final class FailedBatchReplay extends StreambotRequestHandler<SQSEvent, String> {
    static final String TABLE_KEY = "EventTable";
    /** BatchWriteItem's limit. */
    private static final int BATCH = 25;
    /** Unprocessed items are retried this many times before the replay fails (and the message stays queued). */
    private static final int ATTEMPTS = 5;
    /** GetRecords calls per batch at most: a batch is at most 10,000 records, GetRecords returns up to 10,000. */
    private static final int READS = 100;

    private final Supplier<KinesisClient> kinesisSupplier;
    private final Supplier<DynamoDbClient> dynamoSupplier;
    private KinesisClient kinesis;
    private DynamoDbClient dynamo;

    /** What Lambda calls: clients for the function's region and credentials, built on first use. */
    public FailedBatchReplay() {
        this(
                () -> KinesisClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                () -> DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    /** With the given clients (tests pass the kit's local Kinesis and DynamoDB). */
    public FailedBatchReplay(KinesisClient kinesis, DynamoDbClient dynamo) {
        this(() -> kinesis, () -> dynamo);
    }

    private FailedBatchReplay(Supplier<KinesisClient> kinesis, Supplier<DynamoDbClient> dynamo) {
        this.kinesisSupplier = kinesis;
        this.dynamoSupplier = dynamo;
    }

    @Override
    protected String handle(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> messages =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (messages.isEmpty()) {
            return "no failed batches";
        }
        String table = StreambotEnv.get(TABLE_KEY);
        int events = 0;
        for (SQSEvent.SQSMessage message : messages) {
            FailedBatch batch = FailedBatch.parse(message.getBody());
            List<Record> records = read(batch);
            write(table, records);
            context.getLogger()
                    .log("replayed " + records.size() + " events of " + batch.shardId() + " ("
                            + batch.startSequenceNumber() + " to " + batch.endSequenceNumber() + ")");
            events += records.size();
        }
        return "replayed " + events + " events of " + messages.size() + " failed batches into " + table;
    }

    /** The batch's records, read again from its shard: from its first sequence number to its last. */
    private List<Record> read(FailedBatch batch) {
        BigInteger end = new BigInteger(batch.endSequenceNumber());
        String iterator = kinesis()
                .getShardIterator(b -> b.streamName(batch.streamName())
                        .shardId(batch.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(batch.startSequenceNumber()))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        for (int read = 0; read < READS && iterator != null; read++) {
            String from = iterator;
            GetRecordsResponse response = kinesis().getRecords(b -> b.shardIterator(from));
            for (Record record : response.records()) {
                if (new BigInteger(record.sequenceNumber()).compareTo(end) > 0) {
                    return records;
                }
                records.add(record);
            }
            boolean caughtUp = response.millisBehindLatest() == null || response.millisBehindLatest() == 0;
            if (response.records().isEmpty() && caughtUp) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("no record of the failed batch " + batch.shardId() + " ("
                    + batch.startSequenceNumber() + " to " + batch.endSequenceNumber() + ") is left in stream "
                    + batch.streamName() + ": it is older than the stream's retention");
        }
        return records;
    }

    private void write(String table, List<Record> records) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Record record : records) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item(record)).build())
                    .build());
        }
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<WriteRequest> pending = writes.subList(from, Math.min(writes.size(), from + BATCH));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " events were still unprocessed by " + table
                            + " after " + ATTEMPTS + " attempts; the replay fails and its message stays queued");
                }
                Map<String, List<WriteRequest>> request = Map.of(table, pending);
                BatchWriteItemResponse response = dynamo().batchWriteItem(b -> b.requestItems(request));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
            }
        }
    }

    /** The processor's item for the same record: same keys, so a replay overwrites instead of duplicating. */
    private static Map<String, AttributeValue> item(Record record) {
        return Map.of(
                "partitionKey", AttributeValue.fromS(record.partitionKey()),
                "sequenceNumber", AttributeValue.fromS(record.sequenceNumber()),
                "data", AttributeValue.fromS(record.data().asUtf8String()),
                "arrivedAt",
                        AttributeValue.fromS(
                                record.approximateArrivalTimestamp() == null
                                        ? ""
                                        : record.approximateArrivalTimestamp().toString()));
    }

    private synchronized KinesisClient kinesis() {
        if (kinesis == null) {
            kinesis = kinesisSupplier.get();
        }
        return kinesis;
    }

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = dynamoSupplier.get();
        }
        return dynamo;
    }

    /** Where a failed batch is in the stream: the {@code KinesisBatchInfo} of an on-failure record. */
    record FailedBatch(String streamName, String shardId, String startSequenceNumber, String endSequenceNumber) {
        static FailedBatch parse(String body) {
            JsonNode info = JsonNode.parser()
                    .parse(body == null ? "{}" : body)
                    .field("KinesisBatchInfo")
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the message is not an on-failure record of a Kinesis event source mapping (it has no"
                                    + " KinesisBatchInfo): " + body));
            String arn = text(info, "streamArn");
            int name = arn.indexOf(":stream/");
            if (name < 0) {
                throw new IllegalArgumentException("the on-failure record's streamArn is not a stream's ARN: " + arn);
            }
            return new FailedBatch(
                    arn.substring(name + ":stream/".length()),
                    text(info, "shardId"),
                    text(info, "startSequenceNumber"),
                    text(info, "endSequenceNumber"));
        }

        private static String text(JsonNode info, String name) {
            return info.field(name)
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString)
                    .orElseThrow(() ->
                            new IllegalArgumentException("the on-failure record's KinesisBatchInfo has no " + name));
        }
    }
}
