package io.streambot.testkit;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where the tests' AWS calls go: the in-process servers of this kit, or an external endpoint.
 *
 * <p>System properties:
 *
 * <ul>
 *   <li>{@code streambot.it.endpoint}: an AWS-compatible endpoint for every service (for example an
 *       emulator at {@code http://127.0.0.1:4566}), or {@code aws} for the real AWS endpoints of the
 *       region. Unset or empty: the in-process servers.
 *   <li>{@code streambot.it.endpoint.<service>}: the same for one service ({@code dynamodb}, {@code s3},
 *       {@code cloudformation}, {@code lambda}), overriding the one above.
 *   <li>{@code streambot.it.region}: the region the clients sign for (default {@value #DEFAULT_REGION};
 *       deliberately not us-east-1, so nothing passes only because of a default region).
 * </ul>
 */
public final class AwsEndpoints {
    public static final String ENDPOINT_PROPERTY = "streambot.it.endpoint";
    public static final String REGION_PROPERTY = "streambot.it.region";
    public static final String DEFAULT_REGION = "eu-west-3";
    /** The value of {@value #ENDPOINT_PROPERTY} that means the real AWS endpoints. */
    public static final String REAL_AWS = "aws";

    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("streambotTest", "streambotTest"));

    private AwsEndpoints() {}

    /** The external endpoint configured for {@code service}, if any ({@code aws} means the real one). */
    public static Optional<String> external(String service) {
        String specific = System.getProperty(ENDPOINT_PROPERTY + "." + service.toLowerCase(Locale.ROOT), "");
        if (!specific.isBlank()) {
            return Optional.of(specific.trim());
        }
        String common = System.getProperty(ENDPOINT_PROPERTY, "");
        return common.isBlank() ? Optional.empty() : Optional.of(common.trim());
    }

    /** True when the tests of {@code service} run against an external endpoint instead of this kit's server. */
    public static boolean isExternal(String service) {
        return external(service).isPresent();
    }

    /** True when the tests of {@code service} go to AWS itself ({@code aws}), not to a server that takes any key. */
    public static boolean isRealAws(String service) {
        return external(service).map(REAL_AWS::equalsIgnoreCase).orElse(false);
    }

    /**
     * Hands the SDK's default credentials chain (which reads the {@code aws.accessKeyId} and {@code
     * aws.secretAccessKey} system properties first) the keys of {@link #credentials(String)}, unless the
     * target is AWS itself. Code under test that builds its own clients with the default chain then
     * signs for the in-process server or the emulator, also on a machine without AWS credentials.
     */
    public static void exposeCredentialsToDefaultChain(String service) {
        if (isRealAws(service)) {
            return;
        }
        AwsCredentials keys = credentials(service).resolveCredentials();
        System.setProperty("aws.accessKeyId", keys.accessKeyId());
        System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
    }

    public static Region region() {
        String region = System.getProperty(REGION_PROPERTY, "");
        return Region.of(region.isBlank() ? DEFAULT_REGION : region.trim());
    }

    /**
     * Credentials for a client of {@code service}: fixed dummy keys for the in-process servers (they
     * check no signature), the default AWS chain for an external endpoint, falling back to the dummy
     * keys for emulators that accept anything.
     */
    public static AwsCredentialsProvider credentials(String service) {
        if (!isExternal(service)) {
            return LOCAL_CREDENTIALS;
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(), LOCAL_CREDENTIALS)
                .build();
    }

    /**
     * Configures an SDK client builder for {@code service}: region, credentials, the URL-connection
     * HTTP client, and the endpoint override unless the target is real AWS.
     *
     * @param localEndpoint the in-process server's endpoint, used when no external one is configured
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, String service, URI localEndpoint) {
        builder.region(region())
                .credentialsProvider(credentials(service))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        endpointFor(service, localEndpoint).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The endpoint a test should pass to the code under test, or empty for real AWS. */
    public static Optional<URI> endpointFor(String service, URI localEndpoint) {
        Optional<String> external = external(service);
        if (external.isEmpty()) {
            return Optional.of(localEndpoint);
        }
        return REAL_AWS.equalsIgnoreCase(external.get()) ? Optional.empty() : Optional.of(URI.create(external.get()));
    }
}
