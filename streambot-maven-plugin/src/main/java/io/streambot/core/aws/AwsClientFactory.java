package io.streambot.core.aws;

import io.streambot.core.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place every goal gets its AWS clients from: region, credentials (static keys, a named
 * profile including SSO, or the default chain: environment, profiles, container and instance roles),
 * endpoint override and proxy, all from one {@link AwsSettings}. Clients are created on first use and
 * share one HTTP client; close the factory to release them.
 *
 * <p>With an endpoint override and no credentials anywhere, fixed dummy keys are used: local
 * emulators check no signature, and a user trying streambot locally should not need an AWS account.
 */
public final class AwsClientFactory implements AutoCloseable {
    /**
     * Attempts per call (first try included) of the SDK's standard retry strategy, which backs off
     * exponentially with jitter on throttling, 5xx and connection errors. One more than the SDK's
     * default 3: a deploy is rare and waiting a few seconds beats failing it.
     */
    public static final int MAX_ATTEMPTS = 4;

    /** The longest wait for a TCP connection (within the API call timeout). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /** The keys used against an endpoint override when no credentials are configured. */
    static final AwsBasicCredentials LOCAL_KEYS = AwsBasicCredentials.create("streambotLocal", "streambotLocal");

    private final AwsSettings settings;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Duration apiCallTimeout;
    private final SdkHttpClient http;
    private final Set<AutoCloseable> open = new HashSet<>();
    private S3Client s3;
    private DynamoDbClient dynamoDb;
    private CloudFormationClient cloudFormation;
    private LambdaClient lambda;

    /**
     * @throws InvalidConfigurationException when the settings are invalid or no region can be found
     */
    public AwsClientFactory(AwsSettings settings) {
        this.settings = settings.validate();
        this.region = resolveRegion(settings);
        if (settings.endpoint() == null) {
            requireKnownRegion(region);
        }
        this.credentials = credentialsFor(settings);
        this.apiCallTimeout = settings.effectiveApiCallTimeout();
        this.http = httpClient(settings.proxy(), apiCallTimeout);
    }

    /** The longest one API call (retries included) waits for its answer. */
    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    public Region region() {
        return region;
    }

    /** The endpoint override, or null for AWS's own endpoints. */
    public URI endpoint() {
        return settings.endpoint();
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * Resolves credentials now, so a goal fails before any side effect when there are none.
     *
     * @throws InvalidConfigurationException naming {@code <profile>}/{@code <serverId>} and the fix
     */
    public void verifyCredentials() {
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            String profile = settings.profile();
            throw new InvalidConfigurationException(
                    profile != null ? "<profile>" : "AWS credentials",
                    profile != null ? "streambot.profile" : null,
                    profile,
                    profile != null ? "gives no usable credentials (" + e.getMessage() + ")" : "were not found",
                    profile != null
                            ? "run `aws sso login --profile " + profile + "` or fix the profile in ~/.aws/config"
                            : "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure`,"
                                    + " or name a <serverId> whose <server> in settings.xml holds the keys");
        }
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            // Emulators and custom endpoints rarely serve virtual-hosted buckets: use path style there.
            s3 = track(configure(S3Client.builder())
                    .forcePathStyle(settings.endpoint() != null)
                    .build());
        }
        return s3;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = track(configure(DynamoDbClient.builder()).build());
        }
        return dynamoDb;
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = track(configure(CloudFormationClient.builder()).build());
        }
        return cloudFormation;
    }

    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = track(configure(LambdaClient.builder()).build());
        }
        return lambda;
    }

    /** Configures any other SDK client builder the same way as the factory's own clients. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .build())
                        // Bounds every call, retries included: an endpoint that accepts the connection and never
                        // answers fails here instead of holding the build for minutes.
                        .apiCallTimeout(apiCallTimeout)
                        .apiCallAttemptTimeout(apiCallTimeout)
                        .addExecutionInterceptor(new NoAnswerInterceptor(apiCallTimeout)));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    private synchronized <T extends AutoCloseable> T track(T client) {
        open.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        open.clear();
        http.close();
    }

    private static Region resolveRegion(AwsSettings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            return settings.profile() != null
                    ? DefaultAwsRegionProviderChain.builder()
                            .profileName(settings.profile())
                            .build()
                            .getRegion()
                    : new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidConfigurationException(
                    "<region>",
                    "streambot.region",
                    null,
                    "is not set and no default region was found",
                    "set <region> in the plugin's configuration, pass -Dstreambot.region=eu-west-1,"
                            + " or set AWS_REGION");
        }
    }

    /**
     * A region of the right form but unknown to the SDK (a typo such as eu-west-9) would only fail at
     * the first call, with a DNS error that names no setting: catch it here. Emulators accept any
     * region, so this check applies to AWS's own endpoints only.
     */
    private static void requireKnownRegion(Region region) {
        if (RegionMetadata.of(region) == null && !Region.regions().contains(region)) {
            throw new InvalidConfigurationException(
                    "<region>",
                    "streambot.region",
                    region.id(),
                    "is not an AWS region known to this plugin",
                    "use a region code listed by `aws account list-regions`, such as eu-west-1, or check AWS_REGION"
                            + " and the region of your profile");
        }
    }

    private static AwsCredentialsProvider credentialsFor(AwsSettings settings) {
        AwsCredentialsProvider primary;
        if (settings.keys() != null) {
            AwsSettings.StaticKeys k = settings.keys();
            primary = StaticCredentialsProvider.create(
                    k.sessionToken() == null
                            ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
                            : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), k.sessionToken()));
        } else if (settings.profile() != null) {
            primary = ProfileCredentialsProvider.builder()
                    .profileName(settings.profile())
                    .build();
        } else {
            primary = DefaultCredentialsProvider.builder().build();
        }
        if (settings.endpoint() == null || settings.keys() != null || settings.profile() != null) {
            return primary;
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(primary, StaticCredentialsProvider.create(LOCAL_KEYS))
                .reuseLastProviderEnabled(true)
                .build();
    }

    private static SdkHttpClient httpClient(AwsSettings.Proxy proxy, Duration apiCallTimeout) {
        ApacheHttpClient.Builder builder = ApacheHttpClient.builder()
                .maxConnections(32)
                .connectionTimeout(min(apiCallTimeout, CONNECTION_TIMEOUT))
                .socketTimeout(apiCallTimeout);
        if (proxy != null) {
            ProxyConfiguration.Builder p = ProxyConfiguration.builder()
                    .endpoint(URI.create("http://" + proxy.host() + ":" + proxy.port()))
                    .useSystemPropertyValues(false)
                    .useEnvironmentVariableValues(false);
            if (proxy.username() != null) {
                p.username(proxy.username()).password(proxy.password());
            }
            if (proxy.nonProxyHosts() != null && !proxy.nonProxyHosts().isBlank()) {
                Set<String> hosts = new HashSet<>();
                for (String h : proxy.nonProxyHosts().split("\\|")) {
                    hosts.add(h.trim().replace(".", "\\.").replace("*", ".*"));
                }
                p.nonProxyHosts(hosts);
            }
            builder.proxyConfiguration(p.build());
        }
        return builder.build();
    }

    /** "30 s", "0.5 s". */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : java.math.BigDecimal.valueOf(d.toMillis(), 3)
                                .stripTrailingZeros()
                                .toPlainString() + " s";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Turns the SDK's "did not complete before the specified timeout" into a message that names the
     * endpoint that did not answer and the setting that bounds the wait.
     */
    static final class NoAnswerInterceptor implements ExecutionInterceptor {
        private final Duration timeout;

        NoAnswerInterceptor(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            Throwable e = context.exception();
            if (!(e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException)) {
                return e;
            }
            String endpoint = context.httpRequest()
                    .map(r -> r.protocol() + "://" + r.host() + ":" + r.port())
                    .orElse("the endpoint");
            // A call that carries data may have been given more time than the client's default.
            Duration waited = context.request()
                    .overrideConfiguration()
                    .flatMap(o -> o.apiCallTimeout())
                    .orElse(timeout);
            String message = "no answer from " + endpoint + " within " + seconds(waited)
                    + " (<apiCallTimeout>, -Dstreambot.apiCallTimeout). Check <endpoint> (-Dstreambot.endpoint),"
                    + " the network and the proxy in Maven's settings.xml, or raise <apiCallTimeout> for an"
                    + " endpoint that is slow but answers";
            // The SDK wants the same exception type back.
            return e instanceof ApiCallTimeoutException
                    ? ApiCallTimeoutException.builder()
                            .message(message)
                            .cause(e)
                            .build()
                    : ApiCallAttemptTimeoutException.builder()
                            .message(message)
                            .cause(e)
                            .build();
        }
    }
}
