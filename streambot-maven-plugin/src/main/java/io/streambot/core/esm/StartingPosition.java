package io.streambot.core.esm;

import io.streambot.core.InvalidConfigurationException;
import java.util.Locale;

/** Where a mapping without a checkpoint starts reading a shard, as Lambda's {@code StartingPosition}. */
public enum StartingPosition {
    /** The oldest record still in the shard. */
    TRIM_HORIZON,
    /** Only records written after the mapping started. */
    LATEST;

    /**
     * The shard-iterator type a read starts with, in the wire form Kinesis and DynamoDB Streams share: after
     * the checkpoint {@code afterSequenceNumber} when there is one, else at this position.
     */
    public String shardIteratorType(String afterSequenceNumber) {
        return afterSequenceNumber != null ? "AFTER_SEQUENCE_NUMBER" : name();
    }

    /**
     * @throws InvalidConfigurationException naming {@code <startingPosition>} for anything else
     */
    public static StartingPosition parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (StartingPosition p : values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new InvalidConfigurationException(
                "<startingPosition>",
                "streambot.stream.startingPosition",
                value,
                "is not a starting position this goal supports",
                "use TRIM_HORIZON or LATEST");
    }
}
