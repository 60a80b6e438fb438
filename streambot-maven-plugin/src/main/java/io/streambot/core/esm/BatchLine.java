package io.streambot.core.esm;

import java.time.Duration;

/**
 * One invocation of the local event source mapping, printed as one line.
 *
 * @param shardId the shard the records came from
 * @param records how many records the batch held
 * @param firstSequenceNumber the batch's first record
 * @param lastSequenceNumber the batch's last record
 * @param result {@code OK}, {@code FAILED: error}, {@code PARTIAL: ...} or {@code SKIPPED: ...}
 * @param retry 0 for a batch's first invocation, then the retry's number
 * @param duration how long the invocation took
 */
public record BatchLine(
        String shardId,
        int records,
        String firstSequenceNumber,
        String lastSequenceNumber,
        String result,
        int retry,
        Duration duration) {

    @Override
    public String toString() {
        return shardId + "  " + records + (records == 1 ? " record   " : " records  ") + firstSequenceNumber + ".."
                + lastSequenceNumber + "  " + result + (retry > 0 ? " (retry " + retry + ")" : "") + "  "
                + duration.toMillis() + " ms";
    }
}
