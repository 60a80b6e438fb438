package io.streambot.core.upload;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The time a call that carries bytes is given: the client's API call timeout (the wait for an answer) plus
 * one second per {@link #FLOOR_BYTES_PER_SECOND} bytes, so a slow but moving upload is not cut off while an
 * endpoint that never answers still fails in bounded time.
 */
final class TransferTime {
    /** The slowest upload speed a call that carries the code is given time for: 128 KB/s (1 Mbit/s). */
    static final long FLOOR_BYTES_PER_SECOND = 128 * 1024;

    private TransferTime() {}

    static void allow(S3Client s3, AwsRequestOverrideConfiguration.Builder o, long bytes) {
        s3.serviceClientConfiguration().overrideConfiguration().apiCallTimeout().ifPresent(base -> {
            Duration t = base.plusSeconds(bytes / FLOOR_BYTES_PER_SECOND + 1);
            o.apiCallTimeout(t).apiCallAttemptTimeout(t);
        });
    }
}
