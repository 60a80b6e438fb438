package io.streambot.core.env;

/**
 * What put-env did to one function's config record.
 *
 * @param previousVersion the version read, 0 when there was no record
 * @param version the version written, or the one left in place when nothing was written
 * @param written whether the record was written (false: no change, or a dry run)
 */
public record EnvWriteResult(String functionName, EnvDiff diff, long previousVersion, long version, boolean written) {}
