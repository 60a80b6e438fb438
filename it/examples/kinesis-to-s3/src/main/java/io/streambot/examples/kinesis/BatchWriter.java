package io.streambot.examples.kinesis;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.streambot.runtime.StreambotEnv;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes one batch of Kinesis records to one S3 object: {@code <EventPrefix><shardId>/<first sequence
 * number>.jsonl} in {@code EventBucket}, every record's data followed by a newline. A batch Lambda
 * retries is written again under the same key, so a retry never duplicates events.
 */
final class BatchWriter implements RequestHandler<KinesisEvent, String> {
    static final String BUCKET_KEY = "EventBucket";
    static final String PREFIX_KEY = "EventPrefix";

    private final S3Client s3;

    BatchWriter(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public String handleRequest(KinesisEvent event, Context context) {
        List<KinesisEvent.KinesisEventRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            return "no records";
        }
        String bucket = StreambotEnv.get(BUCKET_KEY);
        String key = StreambotEnv.get(PREFIX_KEY, "") + objectName(records.get(0));

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (KinesisEvent.KinesisEventRecord record : records) {
            ByteBuffer data = record.getKinesis().getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            body.writeBytes(bytes);
            body.write('\n');
        }
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("application/x-ndjson"),
                RequestBody.fromBytes(body.toByteArray()));
        String result = "wrote " + records.size() + " records to s3://" + bucket + "/" + key;
        context.getLogger().log(result);
        return result;
    }

    /** {@code <shardId>/<first sequence number>.jsonl}: the event id is {@code shardId-...:<sequence number>}. */
    private static String objectName(KinesisEvent.KinesisEventRecord first) {
        String eventId = first.getEventID();
        String shard = eventId != null && eventId.contains(":") ? eventId.substring(0, eventId.indexOf(':')) : "shard";
        return shard + "/" + first.getKinesis().getSequenceNumber() + ".jsonl";
    }
}
