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
}
