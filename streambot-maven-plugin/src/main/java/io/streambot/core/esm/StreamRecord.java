package io.streambot.core.esm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * One record of a shard, already in the shape Lambda puts in the event's {@code Records} array.
 *
 * @param shardId the shard it was read from
 * @param sequenceNumber its sequence number, unique and increasing within the shard
 * @param eventRecord the record as Lambda delivers it (a {@code KinesisEvent} or {@code DynamodbEvent} record)
 */
public record StreamRecord(String shardId, String sequenceNumber, ObjectNode eventRecord) {
    /** Sequence numbers are decimal strings of up to 128 bits: compare them as numbers. */
    static int compareSequence(String a, String b) {
        return new BigInteger(a).compareTo(new BigInteger(b));
    }
}
