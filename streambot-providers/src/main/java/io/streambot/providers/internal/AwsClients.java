package io.streambot.providers.internal;

import io.streambot.runtime.seams.Environment;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SDK clients for a provider, one per region, kept for the life of the function instance: the
 * URL-connection HTTP client, the function's credentials from its environment, and the endpoint
 * override {@value #ENDPOINT_VARIABLE} / {@value #ENDPOINT_PROPERTY} (tests and emulators only).
 */
public final class AwsClients<C extends AutoCloseable> {
    public static final String ENDPOINT_VARIABLE = "STREAMBOT_ENDPOINT";
    public static final String ENDPOINT_PROPERTY = "streambot.endpoint";
    public static final String REGION_VARIABLE = "AWS_REGION";

    private final Environment environment;
    private final Function<Region, C> factory;
    private final Map<Region, C> clients = new ConcurrentHashMap<>();

    private AwsClients(Environment environment, Function<Region, C> factory) {
        this.environment = environment;
        this.factory = factory;
    }

    /** Clients built from {@code builder} (a fresh one per region), configured from {@code environment}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
            AwsClients<C> of(Environment environment, Supplier<B> builder) {
        return new AwsClients<>(environment, region -> configure(builder.get(), environment, region)
                .build());
    }

    /** The client for {@code region}. */
    public C in(Region region) {
        return clients.computeIfAbsent(region, factory);
    }

    /** The client for the function's own region ({@value #REGION_VARIABLE}). */
    public C home() {
        return in(homeRegion(environment));
    }

    public static Region homeRegion(Environment environment) {
        return environment
                .variable(REGION_VARIABLE)
                .map(Region::of)
                .orElseThrow(() -> new ProviderException(
                        "The provider function has no " + REGION_VARIABLE + " in its environment"));
    }

    public static Optional<URI> endpointOverride(Environment environment) {
        return environment
                .variable(ENDPOINT_VARIABLE)
                .or(() -> environment.property(ENDPOINT_PROPERTY))
                .map(URI::create);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, Environment environment, Region region) {
        builder.region(region)
                .credentialsProvider(credentials(environment))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        endpointOverride(environment).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Lambda hands a function its role's credentials in these variables; elsewhere, the default chain. */
    private static AwsCredentialsProvider credentials(Environment environment) {
        Optional<String> key = environment.variable("AWS_ACCESS_KEY_ID");
        Optional<String> secret = environment.variable("AWS_SECRET_ACCESS_KEY");
        if (key.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Optional<String> token = environment.variable("AWS_SESSION_TOKEN");
        AwsCredentials credentials = token.isPresent()
                ? AwsSessionCredentials.create(key.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(key.get(), secret.get());
        return StaticCredentialsProvider.create(credentials);
    }
}
