package io.streambot.maven;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.invoke.InvokeRequest;
import io.streambot.core.logs.FunctionLogs;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.stack.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * What the Mojos ask of the SDK's own types, kept out of the Mojo classes: Maven links and reflects over
 * those before {@code execute()} adds the SDK to the realm ({@link RealmLibrary#AWS_SDK}); this class loads after.
 */
final class SdkCalls {
    private SdkCalls() {}

    /** Whether a failure is the SDK's own (a call that failed below the core's translated errors). */
    static boolean isSdkException(RuntimeException e) {
        return e instanceof SdkException;
    }

    /** The build's resolved keys, handed to a locally run function. */
    static InvokeRequest.Credentials keys(AwsClientFactory aws) {
        AwsCredentials credentials = aws.credentials().resolveCredentials();
        return new InvokeRequest.Credentials(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null);
    }

    /** Prints the functions' CloudWatch Logs ({@link FunctionLogs#print}), on a client of its own; the lines printed. */
    static int printLogs(
            AwsClientFactory aws,
            Events events,
            Duration interval,
            List<DeployedFunction> functions,
            Instant from,
            String filter,
            boolean follow) {
        try (CloudWatchLogsClient logs =
                aws.configure(CloudWatchLogsClient.builder()).build()) {
            return new FunctionLogs(logs, events, Polling.Sleeper.real(), Clock.systemUTC(), interval)
                    .print(functions, from, filter, follow);
        }
    }

    /** The region the build's clients use, e.g. {@code eu-west-1}. */
    static String regionId(AwsClientFactory aws) {
        return aws.region().id();
    }
}
