package io.streambot.runtime.internal;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the runtime's one DynamoDB client. */
final class DynamoDbClients {
    private DynamoDbClients() {}

    static DynamoDbClient build(RuntimeSettings settings) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                // The URL-connection client loads far fewer classes than Apache or Netty: cold start.
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                // The regional endpoint without the SDK's endpoint rules, whose partition data cost a cold start.
                .endpointProvider(new RegionalEndpointProvider())
                // Retries are the reader's, bounded by the invocation's remaining time, not the SDK's.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The function's credentials: Lambda puts them in the environment (not after a SnapStart restore, where they
     * come from the container endpoint). When they are there and no system property takes precedence, the provider
     * the default chain would pick anyway, without building the chain (profile files, container and instance
     * providers: about 40 classes fewer at a cold start).
     */
    private static AwsCredentialsProvider credentials() {
        boolean inEnvironment =
                System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null;
        boolean inProperties = System.getProperty("aws.accessKeyId") != null;
        return inEnvironment && !inProperties
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
