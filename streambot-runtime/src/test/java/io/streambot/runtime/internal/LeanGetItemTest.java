package io.streambot.runtime.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.seams.Environment;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The runtime's own GetItem: which route a runtime takes (unit tier, no network), and every failure DynamoDB can
 * answer, scripted on WireMock in DynamoDB's JSON wire format and read through the real {@link EnvRecordReader}.
 */
class LeanGetItemTest {
    private static final String TABLE = "streambot-env-lean";
    private static final String FUNCTION = "ingest";
    private static final String SECRET_VALUE = "s3cr3t-value-never-in-messages";
    private static final String ITEM = "{\"Item\":{\"name\":{\"S\":\"ingest\"},\"env\":{\"M\":{\"Mode\":{\"S\":\"ok\"},"
            + "\"Token\":{\"S\":\"" + SECRET_VALUE + "\"}}},\"version\":{\"N\":\"7\"},"
            + "\"updatedAt\":{\"S\":\"2026-11-21T08:00:00Z\"},\"updatedBy\":{\"S\":\"test\"}}}";

    private static Map<String, String> lambdaVariables() {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", "eu-west-3");
        variables.put("AWS_ACCESS_KEY_ID", "AKIDLEAN");
        variables.put("AWS_SECRET_ACCESS_KEY", "secret");
        variables.put("AWS_SESSION_TOKEN", "token-of-the-function");
        return variables;
    }

    private static LeanGetItem.Route route(Map<String, String> variables, Map<String, String> properties) {
        Environment environment = Environment.of(variables, properties);
        return LeanGetItem.route(environment, RuntimeSettings.from(environment), Clock.systemUTC());
    }

    @Nested
    class Route {
        @Test
        void lambdasVariablesTakeTheLeanPathToTheRegionalEndpoint() {
            LeanGetItem.Route route = route(lambdaVariables(), Map.of());
            assertThat(route.lean()).isPresent();
            assertThat(route.lean().get().endpoint())
                    .isEqualTo(URI.create("https://dynamodb.eu-west-3.amazonaws.com/"));
        }

        @Test
        void theStreambotEndpointWinsOverTheSdksEndpointVariables() {
            Map<String, String> variables = lambdaVariables();
            variables.put("STREAMBOT_ENDPOINT", "http://127.0.0.1:1234");
            variables.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9999");
            assertThat(route(variables, Map.of()).lean().get().endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:1234/"));
        }

        @Test
        void theSdksEndpointSettingsAreHonouredInTheSdksOrder() {
            Map<String, String> variables = lambdaVariables();
            variables.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1111");
            assertThat(route(variables, Map.of()).lean().get().endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:1111/"));
            variables.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2222");
            assertThat(route(variables, Map.of()).lean().get().endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:2222/"));
            assertThat(route(variables, Map.of("aws.endpointUrlDynamoDb", "http://127.0.0.1:3333"))
                            .lean()
                            .get()
                            .endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:3333/"));
            variables.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
            assertThat(route(variables, Map.of()).lean().get().endpoint())
                    .isEqualTo(URI.create("https://dynamodb.eu-west-3.amazonaws.com/"));
        }

        @Test
        void systemPropertyCredentialsComeFirstAsInTheSdksChain() {
            Optional<software.amazon.awssdk.identity.spi.AwsCredentialsIdentity> credentials =
                    LeanGetItem.credentials(Environment.of(
                            lambdaVariables(), Map.of("aws.accessKeyId", "AKIDPROP", "aws.secretAccessKey", "s")));
            assertThat(credentials.get().accessKeyId()).isEqualTo("AKIDPROP");
            assertThat(credentials.get()).isNotInstanceOf(AwsSessionCredentialsIdentity.class);
            assertThat(LeanGetItem.credentials(Environment.of(lambdaVariables()))
                            .get())
                    .isInstanceOfSatisfying(AwsSessionCredentialsIdentity.class, s -> assertThat(s.sessionToken())
                            .isEqualTo("token-of-the-function"));
        }

        @Test
        void withoutCredentialsInTheEnvironmentTheSdkClientReads() {
            Map<String, String> variables = lambdaVariables();
            variables.remove("AWS_SECRET_ACCESS_KEY");
            LeanGetItem.Route route = route(variables, Map.of());
            assertThat(route.lean()).isEmpty();
            assertThat(route.sdkBecause()).contains("AWS_ACCESS_KEY_ID", "container");
            try (StreambotRuntime runtime = new StreambotRuntime(Environment.of(variables), Ticker.SYSTEM, d -> {})) {
                assertThat(runtime.getter()).isInstanceOf(SdkRecordGetter.class);
            }
            try (StreambotRuntime runtime =
                    new StreambotRuntime(Environment.of(lambdaVariables()), Ticker.SYSTEM, d -> {})) {
                assertThat(runtime.getter()).isInstanceOf(LeanGetItem.class);
            }
        }

        @Test
        void fipsDualStackOtherPartitionsAndSharedConfigGoToTheSdk(@TempDir Path home) throws Exception {
            Map<String, String> fips = lambdaVariables();
            fips.put("AWS_USE_FIPS_ENDPOINT", "true");
            assertThat(route(fips, Map.of()).sdkBecause()).contains("FIPS");
            assertThat(route(lambdaVariables(), Map.of("aws.useDualstackEndpoint", "true"))
                            .lean())
                    .isEmpty();
            Map<String, String> china = lambdaVariables();
            china.put("AWS_REGION", "cn-north-1");
            assertThat(route(china, Map.of()).sdkBecause()).contains("cn-north-1");
            Map<String, String> govCloud = lambdaVariables();
            govCloud.put("AWS_REGION", "us-gov-west-1");
            assertThat(route(govCloud, Map.of()).lean()).isEmpty();

            assertThat(route(lambdaVariables(), Map.of("user.home", home.toString()))
                            .lean())
                    .isPresent();
            Files.createDirectories(home.resolve(".aws"));
            Files.writeString(home.resolve(".aws/config"), "[default]\nendpoint_url = http://127.0.0.1:1\n");
            assertThat(route(lambdaVariables(), Map.of("user.home", home.toString()))
                            .sdkBecause())
                    .contains("shared AWS config file");
        }
    }

    @Nested
    @LocalAws
    class OnTheWire {
        private AwsWireMock wire;
        private final List<Duration> pauses = new CopyOnWriteArrayList<>();

        @BeforeEach
        void wire(AwsWireMock wire) {
            this.wire = wire;
            wire.reset();
        }

        private RuntimeSettings settings() {
            return new RuntimeSettings(
                    TABLE, "eu-west-3", Optional.of(wire.endpoint()), Duration.ofMinutes(1), MissingRecordPolicy.EMPTY);
        }

        private LeanGetItem lean(Clock clock) {
            return new LeanGetItem(
                    wire.endpoint(),
                    "eu-west-3",
                    AwsSessionCredentialsIdentity.create("AKIDLEAN", "secret", "token-of-the-function"),
                    clock);
        }

        private Optional<EnvRecord> read(LeanGetItem lean) {
            EnvRecordReader reader = new EnvRecordReader(() -> lean, settings(), Ticker.SYSTEM, pauses::add);
            long now = System.nanoTime();
            return reader.read(
                    FUNCTION,
                    now + Duration.ofSeconds(5).toNanos(),
                    now + Duration.ofSeconds(9).toNanos());
        }

        private Optional<EnvRecord> read() {
            return read(lean(Clock.systemUTC()));
        }

        private List<LoggedRequest> calls() {
            return wire.server().findAll(postRequestedFor(urlEqualTo("/")));
        }

        @Test
        void aConsistentReadSignedWithTheSessionTokenReturnsTheRecord() {
            wire.server().stubFor(getItem().willReturn(json(200, ITEM)));

            EnvRecord record = read().orElseThrow();

            assertThat(record.env()).containsEntry("Mode", "ok").containsEntry("Token", SECRET_VALUE);
            assertThat(record.version()).isEqualTo(7);
            LoggedRequest request = calls().get(0);
            assertThat(request.getBodyAsString())
                    .isEqualTo("{\"TableName\":\"" + TABLE
                            + "\",\"Key\":{\"name\":{\"S\":\"ingest\"}},\"ConsistentRead\":true}");
            assertThat(request.getHeader("Content-Type")).isEqualTo(LeanGetItem.CONTENT_TYPE);
            assertThat(request.getHeader("User-Agent")).isEqualTo(LeanGetItem.USER_AGENT);
            assertThat(request.getHeader("X-Amz-Security-Token")).isEqualTo("token-of-the-function");
            assertThat(request.getHeader("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDLEAN/")
                    .contains("/eu-west-3/dynamodb/aws4_request")
                    .contains("x-amz-security-token")
                    .contains("x-amz-target");
        }

        @Test
        void noItemIsNoRecord() {
            wire.server().stubFor(getItem().willReturn(json(200, "{}")));
            assertThat(read()).isEmpty();
        }

        @Test
        void resourceNotFoundNamesTableKeyAndFixAtOnce() {
            wire.server().stubFor(getItem().willReturn(error(400, "ResourceNotFoundException")));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("table '" + TABLE + "'")
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("does not exist in region eu-west-3")
                    .hasMessageContaining(EnvRecord.TABLE_ENV_VARIABLE);
            assertThat(calls()).hasSize(1);
        }

        @Test
        void accessDeniedNamesThePermissionAtOnce() {
            wire.server().stubFor(getItem().willReturn(error(400, "AccessDeniedException")));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("access denied")
                    .hasMessageContaining("dynamodb:GetItem on arn:aws:dynamodb:eu-west-3:<account>:table/" + TABLE);
            assertThat(calls()).hasSize(1);
        }

        @Test
        void anExpiredTokenNamesTheCredentialsAndTheFixAtOnce() {
            wire.server().stubFor(getItem().willReturn(error(400, "ExpiredTokenException")));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("credentials were refused")
                    .hasMessageContaining("ExpiredTokenException")
                    .hasMessageContaining("AWS_SESSION_TOKEN");
            assertThat(calls()).hasSize(1);
        }

        @Test
        void throttlingAndServerErrorsAreRetriedWithBackoff() {
            scripted(
                    error(400, "ProvisionedThroughputExceededException"),
                    error(500, "InternalServerError"),
                    aResponse().withStatus(503).withBody("<html>Service Unavailable</html>"),
                    json(200, ITEM));

            assertThat(read().orElseThrow().env()).containsEntry("Mode", "ok");
            assertThat(calls()).hasSize(4);
            assertThat(pauses).hasSize(3);
            assertThat(pauses.get(0)).isBetween(Duration.ofMillis(25), Duration.ofMillis(50));
        }

        @Test
        void endlessThrottlingGivesUpNamingTheThrottling() {
            wire.server().stubFor(getItem().willReturn(error(400, "ThrottlingException")));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("DynamoDB throttled the read")
                    .hasMessageContaining("ThrottlingException");
            assertThat(calls()).hasSize(EnvRecordReader.MAX_ATTEMPTS);
        }

        @Test
        void malformedJsonIsRetriedAsAnIoFailureAndNeverQuotesTheAnswer() {
            scripted(json(200, "{\"Item\":{\"name\":{\"S\":\"" + SECRET_VALUE), json(200, ITEM));
            assertThat(read().orElseThrow().env()).containsEntry("Mode", "ok");
            assertThat(calls()).hasSize(2);

            wire.reset();
            wire.server().stubFor(getItem().willReturn(json(200, "{\"Item\":{\"env\":" + SECRET_VALUE)));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("the read kept failing")
                    .hasMessageContaining("not JSON")
                    .hasMessageNotContaining(SECRET_VALUE);
        }

        @Test
        void aRecordOfTheWrongShapeNamesTheAttributeButNoValue() {
            wire.server()
                    .stubFor(getItem()
                            .willReturn(json(
                                    200,
                                    ITEM.replace(
                                            "\"Mode\":{\"S\":\"ok\"}",
                                            "\"Mode\":{\"N\":\"" + SECRET_VALUE.length() + "\"}"))));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("value of key 'Mode' in 'env' is not a string (S)")
                    .hasMessageContaining("streambot:put-env")
                    .hasMessageNotContaining(SECRET_VALUE);
        }

        @Test
        void aSkewedClockIsCorrectedFromDynamoDbsDateAndTheReadRetried() {
            Instant serverNow = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            LeanGetItem lean = lean(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
            scripted(
                    error(400, "InvalidSignatureException")
                            .withHeader(
                                    "Date",
                                    DateTimeFormatter.RFC_1123_DATE_TIME.format(serverNow.atOffset(ZoneOffset.UTC))),
                    json(200, ITEM));

            assertThat(read(lean).orElseThrow().env()).containsEntry("Mode", "ok");

            assertThat(calls()).hasSize(2);
            Duration firstOff = Duration.between(serverNow, amzDate(calls().get(0)));
            Duration secondOff = Duration.between(serverNow, amzDate(calls().get(1)));
            assertThat(firstOff).isGreaterThan(Duration.ofMinutes(19));
            assertThat(secondOff.abs()).isLessThan(Duration.ofMinutes(5));
        }

        @Test
        void aSignatureRefusedWithoutSkewIsACredentialsProblem() {
            wire.server().stubFor(getItem().willReturn(error(400, "InvalidSignatureException")));
            assertThatThrownBy(this::read)
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("credentials were refused");
            assertThat(calls()).hasSize(1);
        }

        @Test
        void aDamagedAnswerIsCaughtByItsCrc32AndRetried() {
            scripted(json(200, ITEM).withHeader("x-amz-crc32", "1"), json(200, ITEM));
            assertThat(read().orElseThrow().env()).containsEntry("Mode", "ok");
            assertThat(calls()).hasSize(2);
        }

        @Test
        void aRefusedConnectionIsRetriedAndReported() throws Exception {
            URI closed;
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
            }
            LeanGetItem lean = new LeanGetItem(
                    closed, "eu-west-3", AwsSessionCredentialsIdentity.create("a", "b", "c"), Clock.systemUTC());
            assertThatThrownBy(() -> read(lean))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("the read kept failing")
                    .hasMessageContaining("SdkClientException");
            assertThat(pauses).isNotEmpty();
        }

        /** The fallback: no credential variables, so the SDK's client reads, with the same results and errors. */
        private StreambotRuntime sdkRuntime() {
            AwsEndpoints.exposeCredentialsToDefaultChain(LocalDynamoDb.SERVICE);
            StreambotRuntime runtime = new StreambotRuntime(
                    Environment.of(Map.of(
                            "AWS_REGION",
                            "eu-west-3",
                            EnvRecord.TABLE_ENV_VARIABLE,
                            TABLE,
                            RuntimeSettings.ENDPOINT_VARIABLE,
                            wire.endpoint().toString())),
                    Ticker.SYSTEM,
                    pauses::add);
            assertThat(runtime.getter()).isInstanceOf(SdkRecordGetter.class);
            return runtime;
        }

        @Test
        void withoutCredentialVariablesTheSdkClientReadsTheSameRecord() {
            scripted(error(400, "ThrottlingException"), json(200, ITEM));
            try (StreambotRuntime runtime = sdkRuntime()) {
                String mode = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"))
                        .handleRequest(
                                "", TestContext.builder().functionName(FUNCTION).build());
                assertThat(mode).isEqualTo("ok");
            }
            assertThat(calls()).hasSize(2);
            assertThat(calls().get(1).getHeader("User-Agent")).contains("aws-sdk-java");
            assertThat(calls().get(1).getBodyAsString()).contains("\"ConsistentRead\":true");
        }

        @Test
        void theSdkClientsMissingTableGetsTheSameMessage() {
            wire.server().stubFor(getItem().willReturn(error(400, "ResourceNotFoundException")));
            try (StreambotRuntime runtime = sdkRuntime()) {
                assertThatThrownBy(() -> runtime.wrap((String in, Context c) -> "ran")
                                .handleRequest(
                                        "",
                                        TestContext.builder()
                                                .functionName(FUNCTION)
                                                .build()))
                        .isInstanceOf(StreambotConfigException.class)
                        .hasMessageContaining("name='ingest'")
                        .hasMessageContaining("does not exist in region eu-west-3")
                        .hasMessageContaining(EnvRecord.TABLE_ENV_VARIABLE);
            }
            assertThat(calls()).hasSize(1);
        }

        private void scripted(ResponseDefinitionBuilder... answers) {
            String state = Scenario.STARTED;
            for (int i = 0; i < answers.length; i++) {
                String next = "answer " + (i + 1);
                wire.server()
                        .stubFor(getItem()
                                .inScenario("script")
                                .whenScenarioStateIs(state)
                                .willReturn(answers[i])
                                .willSetStateTo(next));
                state = next;
            }
        }

        private Instant amzDate(LoggedRequest request) {
            return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC)
                    .parse(request.getHeader("X-Amz-Date"), Instant::from);
        }
    }

    private static MappingBuilder getItem() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LeanGetItem.TARGET));
    }

    private static ResponseDefinitionBuilder error(int status, String type) {
        return json(status, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"scripted\"}");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", LeanGetItem.CONTENT_TYPE)
                .withBody(body);
    }
}
