package io.streambot.core.esm;

import io.streambot.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local event source mapping batches and retries, with the meaning and limits of the same
 * properties of {@code AWS::Lambda::EventSourceMapping}.
 *
 * @param batchSize at most this many records per invocation (1 to 10000)
 * @param batchingWindow how long to gather records before invoking with a batch smaller than {@code
 *     batchSize} (0 to 300 s); zero invokes with whatever one read returns
 * @param startingPosition where a shard without a checkpoint starts
 * @param bisectOnError split a failed batch in two before retrying it ({@code BisectBatchOnFunctionError})
 * @param maximumRetryAttempts retries of a failed batch before its records are skipped (-1: no limit, 0 to
 *     10000)
 * @param reportBatchItemFailures the function answers {@code {"batchItemFailures": [...]}}
 *     ({@code FunctionResponseTypes: [ReportBatchItemFailures]})
 */
public record MappingSettings(
        int batchSize,
        Duration batchingWindow,
        StartingPosition startingPosition,
        boolean bisectOnError,
        int maximumRetryAttempts,
        boolean reportBatchItemFailures) {

    public MappingSettings {
        Objects.requireNonNull(startingPosition, "startingPosition");
        batchingWindow = batchingWindow == null ? Duration.ZERO : batchingWindow;
    }

    /** Lambda's defaults for a stream: 100 records, no window, unlimited retries, no bisect. */
    public static MappingSettings defaults(StartingPosition startingPosition) {
        return new MappingSettings(100, Duration.ZERO, startingPosition, false, -1, false);
    }

    /**
     * @throws InvalidConfigurationException naming the parameter and the fix
     */
    public MappingSettings validate() {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new InvalidConfigurationException(
                    "<batchSize>",
                    "streambot.stream.batchSize",
                    Integer.toString(batchSize),
                    "is not between 1 and 10000",
                    "set the mapping's BatchSize, as in the template");
        }
        if (batchingWindow.isNegative() || batchingWindow.compareTo(Duration.ofSeconds(300)) > 0) {
            throw new InvalidConfigurationException(
                    "<batchingWindow>",
                    "streambot.stream.batchingWindow",
                    Long.toString(batchingWindow.toSeconds()),
                    "is not between 0 and 300 seconds",
                    "set the mapping's MaximumBatchingWindowInSeconds, as in the template");
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new InvalidConfigurationException(
                    "<maximumRetryAttempts>",
                    "streambot.stream.maximumRetryAttempts",
                    Integer.toString(maximumRetryAttempts),
                    "is not -1 (no limit) or between 0 and 10000",
                    "set the mapping's MaximumRetryAttempts, as in the template");
        }
        return this;
    }

    /** Whether a batch that has been retried {@code retries} times may be retried once more. */
    boolean mayRetry(int retries) {
        return maximumRetryAttempts < 0 || retries < maximumRetryAttempts;
    }
}
