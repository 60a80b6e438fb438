package io.streambot.core.esm;

import java.util.List;

/**
 * A stream the local event source mapping reads: a Kinesis stream or a DynamoDB stream. Implementations
 * only read; they never write to the stream.
 */
public interface StreamSource {
    /** A shard and, when it was split or merged from another, its parent (read first). */
    record Shard(String id, String parentId) {}

    /** What one read returned; {@code nextIterator} is null when the shard is closed and fully read. */
    record Page(List<StreamRecord> records, String nextIterator, Long millisBehindLatest) {}

    /** The stream's ARN, as the event's {@code eventSourceARN}. */
    String arn();

    /** {@code kinesis} or {@code dynamodb}, for messages. */
    String kind();

    /** The shards, parents before their children. */
    List<Shard> shards();

    /**
     * An iterator: after {@code afterSequenceNumber} when given (a checkpoint), else at {@code position}.
     */
    String iterator(String shardId, StartingPosition position, String afterSequenceNumber);

    /** Reads up to {@code limit} records from {@code iterator}. */
    Page read(String shardId, String iterator, int limit);
}
