package io.streambot.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.runtime.internal.StreambotRuntime;
import io.streambot.runtime.internal.Ticker;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throttling and access denied, which DynamoDB Local cannot produce: DynamoDB's JSON wire answers
 * scripted on WireMock, read through the runtime's real client.
 */
@LocalAws
class RetryOnTheWireTest {
    private static final String TABLE = "streambot-env-wire";
    private static final String FUNCTION = "ingest";
    private static final String ITEM =
            "{\"Item\":{\"name\":{\"S\":\"ingest\"},\"env\":{\"M\":{\"Mode\":{\"S\":\"ok\"}}},"
                    + "\"version\":{\"N\":\"7\"},\"updatedAt\":{\"S\":\"2026-11-21T08:00:00Z\"},\"updatedBy\":{\"S\":\"test\"}}}";

    @BeforeAll
    static void credentials() {
        RuntimeFixture.useKitCredentials();
    }

    @Test
    void throttlingIsRetriedWithBackoffAndThenSucceeds(AwsWireMock wire) {
        wire.server()
                .stubFor(getItem()
                        .inScenario("throttle")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(error("ProvisionedThroughputExceededException"))
                        .willSetStateTo("throttled once"));
        wire.server()
                .stubFor(getItem()
                        .inScenario("throttle")
                        .whenScenarioStateIs("throttled once")
                        .willReturn(error("ThrottlingException"))
                        .willSetStateTo("recovered"));
        wire.server()
                .stubFor(getItem()
                        .inScenario("throttle")
                        .whenScenarioStateIs("recovered")
                        .willReturn(json(200, ITEM)));
        RuntimeFixture fixture = RuntimeFixture.forEndpoint(wire.endpoint(), TABLE);
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        fixture.sleeper = pauses::add;

        try (StreambotRuntime runtime = fixture.runtime()) {
            String mode = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"))
                    .handleRequest("", RuntimeFixture.context(FUNCTION));
            assertThat(mode).isEqualTo("ok");
        }
        wire.server().verify(3, postRequestedFor(urlEqualTo("/")));
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(1)).isGreaterThan(Duration.ZERO);
        assertThat(wire.server().getAllServeEvents().get(0).getRequest().getBodyAsString())
                .contains("\"ConsistentRead\":true", "\"TableName\":\"" + TABLE + "\"");
    }

    @Test
    void endlessThrottlingGivesUpInsideTheInvocationAndNamesTableAndKey(AwsWireMock wire) {
        wire.server().stubFor(getItem().willReturn(error("ProvisionedThroughputExceededException")));
        RuntimeFixture fixture = RuntimeFixture.forEndpoint(wire.endpoint(), TABLE);
        fixture.ticker = Ticker.SYSTEM;
        try (StreambotRuntime runtime = fixture.runtime()) {
            TestContext context = TestContext.builder()
                    .functionName(FUNCTION)
                    .timeout(Duration.ofSeconds(6))
                    .build();
            assertThatThrownBy(
                            () -> runtime.wrap((String in, Context c) -> "ran").handleRequest("", context))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("table '" + TABLE + "'")
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("DynamoDB throttled the read")
                    .hasMessageContaining("ProvisionedThroughputExceededException");
            assertThat(context.getRemainingTimeInMillis())
                    .as("retries stop with time left for the handler")
                    .isGreaterThan(0);
        }
        int calls = wire.server().findAll(postRequestedFor(urlEqualTo("/"))).size();
        assertThat(calls).isBetween(2, 8);
    }

    @Test
    void accessDeniedFailsAtOnceNamingTableKeyAndTheMissingPermission(AwsWireMock wire) {
        wire.server().stubFor(getItem().willReturn(error("AccessDeniedException")));
        try (StreambotRuntime runtime =
                RuntimeFixture.forEndpoint(wire.endpoint(), TABLE).runtime()) {
            assertThatThrownBy(() -> runtime.wrap((String in, Context c) -> "ran")
                            .handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("table '" + TABLE + "'")
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("access denied")
                    .hasMessageContaining("dynamodb:GetItem");
        }
        wire.server().verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void whileOneInvocationRefreshesTheOthersAreServedTheCurrentConfigWithoutWaiting(AwsWireMock wire)
            throws Exception {
        wire.server()
                .stubFor(getItem()
                        .inScenario("slow refresh")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(json(200, ITEM))
                        .willSetStateTo("loaded"));
        wire.server()
                .stubFor(getItem()
                        .inScenario("slow refresh")
                        .whenScenarioStateIs("loaded")
                        .willReturn(json(200, ITEM.replace("\"S\":\"ok\"", "\"S\":\"refreshed\""))
                                .withFixedDelay(3_000)));
        RuntimeFixture fixture =
                RuntimeFixture.forEndpoint(wire.endpoint(), TABLE).with("STREAMBOT_ENV_TTL", "1m");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(handler.handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isEqualTo("ok");
            fixture.advance(Duration.ofMinutes(2));

            Future<String> refreshing = pool.submit(() -> handler.handleRequest("", RuntimeFixture.context(FUNCTION)));
            while (wire.server().findAll(postRequestedFor(urlEqualTo("/"))).size() < 2) {
                Thread.sleep(10);
            }
            String servedMeanwhile = handler.handleRequest("", RuntimeFixture.context(FUNCTION));

            assertThat(servedMeanwhile).isEqualTo("ok");
            assertThat(refreshing.isDone()).as("the refresh was still reading").isFalse();
            assertThat(refreshing.get()).isEqualTo("refreshed");
            assertThat(handler.handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isEqualTo("refreshed");
        } finally {
            pool.shutdownNow();
        }
        wire.server().verify(2, postRequestedFor(urlEqualTo("/")));
    }

    private static MappingBuilder getItem() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.GetItem"));
    }

    private static ResponseDefinitionBuilder error(String type) {
        return json(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"scripted\"}");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody(body);
    }
}
