package io.streambot.runtime.internal;

import io.streambot.runtime.Backoff;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.seams.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Reads one function's record with a strongly consistent GetItem ({@link RecordGetter}: the lean one or the SDK
 * client's), retrying throttling, server errors, clock skew and network failures with the project's {@link Backoff}
 * (jittered) until a deadline, and turning every other failure into a {@link StreambotConfigException} that names
 * the table, the key and the cause (never a value).
 */
final class EnvRecordReader {
    /** At most this many GetItem calls per read. */
    static final int MAX_ATTEMPTS = 8;

    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    static final Backoff BACKOFF = Backoff.jittered(FIRST_BACKOFF, MAX_BACKOFF);

    private final Supplier<RecordGetter> getter;
    private final RuntimeSettings settings;
    private final Ticker ticker;
    private final Sleeper sleeper;

    EnvRecordReader(Supplier<RecordGetter> getter, RuntimeSettings settings, Ticker ticker, Sleeper sleeper) {
        this.getter = getter;
        this.settings = settings;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /**
     * The record of {@code functionName}, or empty if the table has none.
     *
     * @param deadlineNanos the {@link Ticker} time after which no further attempt starts
     * @param callDeadlineNanos the {@link Ticker} time by which a started attempt must have finished
     */
    Optional<EnvRecord> read(String functionName, long deadlineNanos, long callDeadlineNanos) {
        long start = ticker.nanos();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long now = ticker.nanos();
            if (attempt > 1 && deadlineNanos - now <= 0) {
                break;
            }
            Duration timeout = Duration.ofNanos(Math.max(callDeadlineNanos - now, TimeUnit.MILLISECONDS.toNanos(1)));
            try {
                return getter.get().get(settings.table(), functionName, timeout);
            } catch (EnvRecord.MalformedEnvRecordException e) {
                throw failure(
                        functionName,
                        "the record is malformed: " + e.problem()
                                + "; rewrite it with mvn streambot:put-env or the function's Custom::StreambotEnv resource",
                        e);
            } catch (AwsServiceException e) {
                if ("ResourceNotFoundException".equals(code(e))) {
                    throw failure(
                            functionName,
                            "the table does not exist in region " + settings.region() + " ("
                                    + e.awsErrorDetails().errorMessage()
                                    + "); deploy the streambot primary stack in this region or set "
                                    + EnvRecord.TABLE_ENV_VARIABLE + " to the config table's name",
                            e);
                }
                if (!retryable(e)) {
                    throw failure(functionName, serviceProblem(e), e);
                }
                last = e;
            } catch (ApiCallTimeoutException e) {
                last = e;
                break;
            } catch (SdkClientException e) {
                last = e;
            }
            if (attempt < MAX_ATTEMPTS && !backOff(attempt, deadlineNanos)) {
                break;
            }
        }
        long spentMillis = TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - start);
        String what = last instanceof AwsServiceException se && se.isThrottlingException()
                ? "DynamoDB throttled the read"
                : "the read kept failing";
        throw failure(
                functionName,
                what + "; gave up after " + spentMillis + " ms within the invocation's time budget (last error: "
                        + (last == null ? "none, no time left" : describe(last))
                        + "); if it persists, check the table's capacity and the network path to DynamoDB",
                last);
    }

    /** Sleeps before attempt {@code attempt + 1}; false when no time is left for it. */
    private boolean backOff(int attempt, long deadlineNanos) {
        return BACKOFF.pause(attempt - 1, sleeper, ticker.nanos(), deadlineNanos);
    }

    static boolean retryable(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500 || e.isClockSkewException();
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private String serviceProblem(AwsServiceException e) {
        String code = code(e);
        if ("ExpiredTokenException".equals(code)
                || "UnrecognizedClientException".equals(code)
                || "InvalidSignatureException".equals(code)) {
            return "the function's credentials were refused (" + describe(e) + "); the runtime signs with"
                    + " the aws.accessKeyId/aws.secretAccessKey/aws.sessionToken system properties, else"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN (Lambda sets them), else the SDK's"
                    + " default chain: give the function valid, current credentials";
        }
        if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
            return "access denied (" + describe(e) + "); allow dynamodb:GetItem on arn:aws:dynamodb:"
                    + settings.region() + ":<account>:table/" + settings.table() + " in the function's execution role";
        }
        return "DynamoDB refused the read (" + describe(e) + ")";
    }

    private static String describe(Throwable e) {
        if (e instanceof AwsServiceException se && se.awsErrorDetails() != null) {
            return se.awsErrorDetails().errorCode() + ": "
                    + se.awsErrorDetails().errorMessage() + " (HTTP " + se.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private StreambotConfigException failure(String functionName, String problem, Throwable cause) {
        return new StreambotConfigException(
                functionName,
                settings.table(),
                null,
                "could not load the streambot config of function '" + functionName + "' from table '" + settings.table()
                        + "' (key " + EnvRecord.NAME + "='" + functionName + "'): " + problem,
                cause);
    }
}
