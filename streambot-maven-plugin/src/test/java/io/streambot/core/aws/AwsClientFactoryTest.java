package io.streambot.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import java.net.URI;
import org.junit.jupiter.api.Test;

@LocalAws
class AwsClientFactoryTest {

    @Test
    void anInvalidRegionIsRejectedBeforeAnyCallNamingTheElementAndTheFix() {
        assertThatThrownBy(() -> new AwsClientFactory(AwsSettings.defaults().withRegion("Europe-West")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<region>")
                .hasMessageContaining("-Dstreambot.region")
                .hasMessageContaining("'Europe-West'")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void aNonHttpEndpointIsRejected() {
        assertThatThrownBy(() -> new AwsClientFactory(
                        AwsSettings.defaults().withRegion("eu-west-3").withEndpoint(URI.create("ftp://x"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<endpoint>");
    }

    @Test
    void aWellFormedButUnknownRegionIsRejectedForAwsButNotForAnEmulator() {
        assertThatThrownBy(() -> new AwsClientFactory(AwsSettings.defaults().withRegion("eu-west-9")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<region> (-Dstreambot.region) = 'eu-west-9' is not an AWS region");

        try (AwsClientFactory emulator = new AwsClientFactory(
                AwsSettings.defaults().withRegion("eu-west-9").withEndpoint(URI.create("http://127.0.0.1:1")))) {
            assertThat(emulator.region().id()).isEqualTo("eu-west-9");
        }
        try (AwsClientFactory aws = new AwsClientFactory(AwsSettings.defaults().withRegion("ap-southeast-2"))) {
            assertThat(aws.region().id()).isEqualTo("ap-southeast-2");
        }
    }

    @Test
    void aProfileWithoutCredentialsFailsBeforeAnyCallNamingTheProfileAndTheFix() {
        try (AwsClientFactory factory =
                new AwsClientFactory(new AwsSettings("eu-west-3", "streambot-no-such-profile", null, null, null))) {
            assertThatThrownBy(factory::verifyCredentials)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("<profile> (-Dstreambot.profile) = 'streambot-no-such-profile'")
                    .hasMessageContaining("aws sso login --profile streambot-no-such-profile");
        }
    }

    @Test
    void everyClientRetriesWithTheStandardStrategyAndTheDocumentedAttempts() {
        try (AwsClientFactory factory = new AwsClientFactory(
                AwsSettings.defaults().withRegion("eu-west-3").withEndpoint(URI.create("http://127.0.0.1:1")))) {
            for (var config : java.util.List.of(
                    factory.s3().serviceClientConfiguration().overrideConfiguration(),
                    factory.dynamoDb().serviceClientConfiguration().overrideConfiguration(),
                    factory.cloudFormation().serviceClientConfiguration().overrideConfiguration(),
                    factory.lambda().serviceClientConfiguration().overrideConfiguration())) {
                assertThat(config.retryStrategy()).hasValueSatisfying(strategy -> assertThat(strategy.maxAttempts())
                        .isEqualTo(AwsClientFactory.MAX_ATTEMPTS));
            }
        }
    }

    @Test
    void clientsTalkToTheEndpointOverride(LocalDynamoDb dynamo, LocalS3 s3) {
        String bucket = s3.createBucket("factory");
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("factory"), "name");
        try (AwsClientFactory dynamoFactory = new AwsClientFactory(
                        new AwsSettings("eu-west-3", null, dynamo.endpoint().orElseThrow(), null, null));
                AwsClientFactory s3Factory = new AwsClientFactory(
                        new AwsSettings("eu-west-3", null, s3.endpoint().orElseThrow(), null, null))) {
            assertThat(dynamoFactory.dynamoDb().listTables().tableNames()).contains(table);
            assertThat(s3Factory.s3().listBuckets().buckets())
                    .anyMatch(b -> b.name().equals(bucket));
            assertThat(dynamoFactory.dynamoDb()).isSameAs(dynamoFactory.dynamoDb());
        }
    }

    @Test
    void everyClientBoundsItsCallsByTheApiCallTimeout() {
        try (AwsClientFactory defaults = new AwsClientFactory(
                        AwsSettings.defaults().withRegion("eu-west-3").withEndpoint(URI.create("http://127.0.0.1:1")));
                AwsClientFactory configured = new AwsClientFactory(AwsSettings.defaults()
                        .withRegion("eu-west-3")
                        .withEndpoint(URI.create("http://127.0.0.1:1"))
                        .withApiCallTimeout(java.time.Duration.ofSeconds(5)))) {
            assertThat(defaults.cloudFormation()
                            .serviceClientConfiguration()
                            .overrideConfiguration()
                            .apiCallTimeout())
                    .contains(AwsSettings.DEFAULT_API_CALL_TIMEOUT);
            for (var config : java.util.List.of(
                    configured.s3().serviceClientConfiguration().overrideConfiguration(),
                    configured.dynamoDb().serviceClientConfiguration().overrideConfiguration(),
                    configured.cloudFormation().serviceClientConfiguration().overrideConfiguration(),
                    configured.lambda().serviceClientConfiguration().overrideConfiguration())) {
                assertThat(config.apiCallTimeout()).contains(java.time.Duration.ofSeconds(5));
                assertThat(config.apiCallAttemptTimeout()).contains(java.time.Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anEndpointThatNeverAnswersFailsAtTheTimeoutNamingTheEndpointAndTheSetting() throws Exception {
        try (java.net.ServerSocket silent =
                        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                AwsClientFactory factory = new AwsClientFactory(AwsSettings.defaults()
                        .withRegion("eu-west-3")
                        .withEndpoint(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                        .withApiCallTimeout(java.time.Duration.ofMillis(500)))) {
            assertThatThrownBy(() -> factory.dynamoDb().listTables())
                    .isInstanceOfAny(
                            software.amazon.awssdk.core.exception.ApiCallTimeoutException.class,
                            software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.class)
                    .hasMessageStartingWith("no answer from http://127.0.0.1:" + silent.getLocalPort()
                            + " within 0.5 s (<apiCallTimeout>, -Dstreambot.apiCallTimeout)");
        }
    }

    @Test
    void aZeroApiCallTimeoutIsRefused() {
        assertThatThrownBy(() -> new AwsClientFactory(
                        AwsSettings.defaults().withRegion("eu-west-3").withApiCallTimeout(java.time.Duration.ZERO)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<apiCallTimeout> (-Dstreambot.apiCallTimeout)");
    }
}
