package io.streambot.examples.processing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.StreambotRequestHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The Lambda handler of the stream-processing example: {@code
 * io.streambot.examples.processing.EventProcessor::handleRequest}. Persists every Kinesis record of a
 * batch as one item (hash key {@code partitionKey}, range key {@code sequenceNumber}, {@code data} as
 * UTF-8 text, {@code arrivedAt}) into the table named by the configuration key {@code EventTable}. A
 * retried batch writes the same items again, so retries never duplicate events.
 */
public final class EventProcessor extends StreambotRequestHandler<KinesisEvent, String> {
    static final String TABLE_KEY = "EventTable";
    /** BatchWriteItem's limit. */
    private static final int BATCH = 25;
    /** Unprocessed items are retried this many times before the batch fails (and Lambda retries it). */
    private static final int ATTEMPTS = 5;

    private final Supplier<DynamoDbClient> dynamo;
    private DynamoDbClient client;

    /** What Lambda calls: a client for the function's region and credentials, built on first use. */
    public EventProcessor() {
        this(() -> DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build());
    }

    /** With the given client (tests pass one for the local DynamoDB). */
    public EventProcessor(DynamoDbClient dynamo) {
        this(() -> dynamo);
    }

    private EventProcessor(Supplier<DynamoDbClient> dynamo) {
        this.dynamo = dynamo;
    }

    @Override
    protected String handle(KinesisEvent event, Context context) {
        List<KinesisEvent.KinesisEventRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            return "no records";
        }
        String table = StreambotEnv.get(TABLE_KEY);
        List<WriteRequest> writes = new ArrayList<>();
        for (KinesisEvent.KinesisEventRecord record : records) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item(record)).build())
                    .build());
        }
        for (int from = 0; from < writes.size(); from += BATCH) {
            write(table, writes.subList(from, Math.min(writes.size(), from + BATCH)));
        }
        String result = "persisted " + records.size() + " events into " + table;
        context.getLogger().log(result);
        return result;
    }

    private void write(String table, List<WriteRequest> chunk) {
        List<WriteRequest> pending = chunk;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > ATTEMPTS) {
                throw new IllegalStateException(pending.size() + " events were still unprocessed by " + table
                        + " after " + ATTEMPTS + " attempts; the batch fails so that Lambda retries it");
            }
            Map<String, List<WriteRequest>> request = Map.of(table, pending);
            BatchWriteItemResponse response = client().batchWriteItem(b -> b.requestItems(request));
            pending = response.unprocessedItems().getOrDefault(table, List.of());
        }
    }

    private synchronized DynamoDbClient client() {
        if (client == null) {
            client = dynamo.get();
        }
        return client;
    }

    private static Map<String, AttributeValue> item(KinesisEvent.KinesisEventRecord record) {
        KinesisEvent.Record kinesis = record.getKinesis();
        ByteBuffer data = kinesis.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        String arrivedAt = kinesis.getApproximateArrivalTimestamp() == null
                ? ""
                : kinesis.getApproximateArrivalTimestamp().toInstant().toString();
        return Map.of(
                "partitionKey", AttributeValue.fromS(kinesis.getPartitionKey()),
                "sequenceNumber", AttributeValue.fromS(kinesis.getSequenceNumber()),
                "data", AttributeValue.fromS(new String(bytes, StandardCharsets.UTF_8)),
                "arrivedAt", AttributeValue.fromS(arrivedAt));
    }
}
