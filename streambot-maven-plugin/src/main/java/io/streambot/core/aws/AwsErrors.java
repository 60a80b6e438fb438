package io.streambot.core.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into {@link AwsCallException}s whose message names the action, the
 * resource, AWS's answer and the fix, so every goal reports AWS failures the same way.
 */
public final class AwsErrors {
    private static final Set<String> ACCESS_DENIED =
            Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AllAccessDisabled", "Forbidden");
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "ExpiredToken",
            "ExpiredTokenException",
            "TokenRefreshRequired",
            "MissingAuthenticationToken");
    private static final Set<String> THROTTLING = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "SlowDown",
            "RequestLimitExceeded",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "RequestThrottled");

    private AwsErrors() {}

    /**
     * @param action what was being done, e.g. "upload the code"
     * @param resource what it was done to, e.g. "s3://bucket/key"
     */
    public static AwsCallException translate(String action, String resource, SdkException e) {
        String prefix = "could not " + action + " (" + resource + "): ";
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            // AwsClientFactory's clients word it: the endpoint that did not answer and the setting.
            return new AwsCallException(prefix + e.getMessage(), null, 0, e);
        }
        if (!(e instanceof AwsServiceException service)) {
            return new AwsCallException(
                    prefix + "no answer from AWS (" + e.getMessage() + ")."
                            + " Check the network, <endpoint> (-Dstreambot.endpoint) and the proxy in Maven's settings.xml",
                    null,
                    0,
                    e);
        }
        int status = service.statusCode();
        String code = service.awsErrorDetails() == null
                ? null
                : service.awsErrorDetails().errorCode();
        String answer = status
                + (code == null ? "" : " " + code)
                + (service.awsErrorDetails() == null
                                || service.awsErrorDetails().errorMessage() == null
                        ? ""
                        : ": " + service.awsErrorDetails().errorMessage());
        String fix;
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            fix = "the credentials were rejected (" + answer + "). Refresh them (`aws sso login`, new keys) or check"
                    + " <profile> (-Dstreambot.profile), <serverId> and AWS_ACCESS_KEY_ID";
        } else if ((code != null && ACCESS_DENIED.contains(code)) || (status == 403 && code == null)) {
            fix = "access denied (" + answer + "). Grant the identity in use the permission to " + action + " on "
                    + resource + ", or pick another identity with <profile> or <serverId>";
        } else if ((code != null && THROTTLING.contains(code)) || status == 429) {
            fix = "AWS kept throttling after " + AwsClientFactory.MAX_ATTEMPTS + " attempts with backoff (" + answer
                    + "). Try again in a minute";
        } else if (status >= 500) {
            fix = "AWS kept failing after " + AwsClientFactory.MAX_ATTEMPTS + " attempts with backoff (" + answer
                    + "). Try again later";
        } else {
            fix = "AWS answered " + answer;
        }
        return new AwsCallException(prefix + fix, code, status, e);
    }
}
