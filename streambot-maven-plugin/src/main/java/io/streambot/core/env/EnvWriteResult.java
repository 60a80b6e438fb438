package io.streambot.core.env;

import io.streambot.runtime.EnvRecord;

/**
 * What put-env did to one function's config record.
 *
 * @param previousVersion the version read, 0 when there was no record
 * @param version the version written, or the one left in place when nothing was written
 * @param written whether the record was written (false: no change, or a dry run)
 * @param previous the record before the write, or null when there was none (or nothing was written)
 * @param record the record written, or null when nothing was written
 */
public record EnvWriteResult(
        String functionName,
        EnvDiff diff,
        long previousVersion,
        long version,
        boolean written,
        EnvRecord previous,
        EnvRecord record) {
    /** A result without a write. */
    public EnvWriteResult(String functionName, EnvDiff diff, long previousVersion, long version, boolean written) {
        this(functionName, diff, previousVersion, version, written, null, null);
    }
}
