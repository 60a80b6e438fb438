package io.streambot.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/** The runtime's endpoint agrees with the SDK's endpoint rules; it only skips evaluating them for plain calls. */
class RegionalEndpointProviderTest {
    private static final DynamoDbEndpointProvider RULES = DynamoDbEndpointProvider.defaultProvider();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "eu-west-3",
                "us-east-1",
                "ap-southeast-5",
                "il-central-1",
                "mx-central-1",
                "ca-west-1",
                "sa-east-1"
            })
    void aPlainCallInAStandardRegionGetsTheEndpointTheRulesGiveWithoutEvaluatingThem(String region) {
        DynamoDbEndpointParams params =
                DynamoDbEndpointParams.builder().region(Region.of(region)).build();

        assertThat(RegionalEndpointProvider.plain(params)).isNotNull();
        assertThat(new RegionalEndpointProvider().resolveEndpoint(params).join().url())
                .isEqualTo(RULES.resolveEndpoint(params).join().url());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-north-1", "us-gov-west-1", "us-iso-east-1", "eusc-de-east-1"})
    void otherPartitionsAreLeftToTheRules(String region) {
        DynamoDbEndpointParams params =
                DynamoDbEndpointParams.builder().region(Region.of(region)).build();

        assertThat(RegionalEndpointProvider.plain(params)).isNull();
        assertThat(new RegionalEndpointProvider().resolveEndpoint(params).join().url())
                .isEqualTo(RULES.resolveEndpoint(params).join().url());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fips", "dualstack", "account", "arn"})
    void fipsDualStackAccountAndArnCallsAreLeftToTheRules(String what) {
        DynamoDbEndpointParams.Builder builder =
                DynamoDbEndpointParams.builder().region(Region.of("eu-west-3"));
        switch (what) {
            case "fips" -> builder.useFips(true);
            case "dualstack" -> builder.useDualStack(true);
            case "account" -> builder.accountId("123456789012");
            default -> builder.resourceArnList(List.of("arn:aws:dynamodb:eu-west-3:123456789012:table/t"));
        }
        DynamoDbEndpointParams params = builder.build();

        assertThat(RegionalEndpointProvider.plain(params)).isNull();
        assertThat(new RegionalEndpointProvider().resolveEndpoint(params).join().url())
                .isEqualTo(RULES.resolveEndpoint(params).join().url());
    }

    @org.junit.jupiter.api.Test
    void anEndpointOverrideIsUsedAsIs() {
        DynamoDbEndpointParams params = DynamoDbEndpointParams.builder()
                .region(Region.of("eu-west-3"))
                .endpoint("http://127.0.0.1:8000")
                .build();

        assertThat(new RegionalEndpointProvider().resolveEndpoint(params).join().url())
                .isEqualTo(RULES.resolveEndpoint(params).join().url())
                .hasToString("http://127.0.0.1:8000");
    }
}
