package io.streambot.core.aws;

/**
 * A call to AWS failed for a reason that is not the user's pom (access denied, expired credentials,
 * throttling that outlasted the retries, an unreachable endpoint). The message says what was being
 * done, what AWS answered and what to do about it.
 */
public class AwsCallException extends RuntimeException {
    private final String errorCode;
    private final int statusCode;

    public AwsCallException(String message, String errorCode, int statusCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    /** AWS's error code (e.g. {@code AccessDenied}), or null when the call never got an answer. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of AWS's answer, or 0 when there was none. */
    public int statusCode() {
        return statusCode;
    }
}
