package io.streambot.runtime.internal;

import io.streambot.runtime.EnvRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * One strongly consistent GetItem of a function's record, without retries (the {@link EnvRecordReader}'s). Fails
 * the way the SDK's DynamoDB client does, so that one reader maps every failure: {@code AwsServiceException} for an
 * answer of the service, {@code SdkClientException} for I/O, {@code ApiCallTimeoutException} when {@code timeout}
 * passed, {@link EnvRecord.MalformedEnvRecordException} for an item no streambot writer wrote.
 */
interface RecordGetter extends AutoCloseable {
    /** The record of {@code functionName} in {@code table}, or empty if there is none; within {@code timeout}. */
    Optional<EnvRecord> get(String table, String functionName, Duration timeout);

    /** Releases what the getter holds (connections, resolved credentials); the next read builds it again. */
    @Override
    void close();
}
