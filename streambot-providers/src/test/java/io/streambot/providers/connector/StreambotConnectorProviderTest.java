package io.streambot.providers.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.streambot.providers.testing.Invocations.invoke;
import static io.streambot.testkit.AwsWireMock.lambdaRequest;
import static io.streambot.testkit.LambdaWire.EVENT_SOURCE_MAPPINGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.testing.Invocations;
import io.streambot.providers.testing.RecordingSleeper;
import io.streambot.providers.testing.ResponseInbox;
import io.streambot.runtime.seams.Environment;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CustomResourceRequests;
import io.streambot.testkit.LambdaWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import io.streambot.testkit.TestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@LocalAws
class StreambotConnectorProviderTest {
    private static final String TYPE = "Custom::StreambotConnector";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = AwsEndpoints.region().id();
    private static final String STREAM = "arn:aws:kinesis:" + REGION + ":123456789012:stream/orders";
    private static final String OTHER_STREAM = "arn:aws:kinesis:" + REGION + ":123456789012:stream/refunds";
    private static final String TABLE_STREAM =
            "arn:aws:dynamodb:" + REGION + ":123456789012:table/orders/stream/2026-01-01T00:00:00.000";
    private static final String UUID_1 = "11111111-2222-3333-4444-555555555555";
    private static final String UUID_2 = "66666666-7777-8888-9999-000000000000";
    private static final String LIST = EVENT_SOURCE_MAPPINGS + "/?";
    private static final String ONE = EVENT_SOURCE_MAPPINGS + "/[0-9a-f-]{36}";
    private static final String TAGS = "/2017-03-31/tags/.*";
    private static final String STACK =
            "arn:aws:cloudformation:" + REGION + ":123456789012:stack/service/0a1b2c3d-0000-1111-2222-333344445555";
    private static final String OTHER_STACK =
            "arn:aws:cloudformation:" + REGION + ":123456789012:stack/other/9a1b2c3d-0000-1111-2222-333344445555";

    private final RecordingSleeper sleeper = new RecordingSleeper();
    // Every test method also takes AwsWireMock: that is what makes the kit reset it (and skip the test
    // when the Lambda API is an external endpoint).
    private AwsWireMock wire;
    private ResponseInbox inbox;
    private StreambotConnectorProvider provider;

    @BeforeEach
    void setUp(AwsWireMock wire, LocalS3 s3) {
        this.wire = wire;
        this.inbox = ResponseInbox.in(s3);
        this.provider = new StreambotConnectorProvider(
                Environment.of(Invocations.variables(AwsWireMock.LAMBDA, Optional.of(wire.endpoint())), Map.of()),
                sleeper);
    }

    private JsonNode send(CustomResourceRequests request) {
        return send(request, TestContext.of("streambot-connector-provider"));
    }

    private JsonNode send(CustomResourceRequests request, TestContext context) {
        ResponseInbox answerTo = inbox.next();
        invoke(provider, request.field("StackId", STACK).responseUrl(answerTo.url()), context);
        return answerTo.answer();
    }

    /** The tags a mapping that {@code stack}'s Connector created carries. */
    private static String tags(String stack, String requestId) {
        return "{\"Tags\":{\"streambot:managed-by\":\"Custom::StreambotConnector\",\"streambot:stack-id\":\""
                + stack + "\",\"streambot:logical-id\":\"Resource\",\"streambot:request-id\":\"" + requestId
                + "\"}}";
    }

    private static CustomResourceRequests create() {
        return CustomResourceRequests.create(TYPE)
                .property("ServiceToken", "arn:aws:lambda:" + REGION + ":123456789012:function:connector")
                .property("FunctionRegion", REGION)
                .property("FunctionName", "orders-service")
                .property("StreamArn", STREAM);
    }

    private static String mapping(String uuid, String state, String function, String stream) {
        return """
                {"UUID":"%s","State":"%s","StateTransitionReason":"USER_INITIATED","BatchSize":100,
                 "EventSourceArn":"%s","FunctionArn":"arn:aws:lambda:%s:123456789012:function:%s",
                 "EventSourceMappingArn":"arn:aws:lambda:%s:123456789012:event-source-mapping:%s",
                 "StartingPosition":"TRIM_HORIZON"}"""
                .formatted(uuid, state, stream, REGION, function, REGION, uuid);
    }

    private static String list(String... mappings) {
        return "{\"EventSourceMappings\":[" + String.join(",", mappings) + "]}";
    }

    /** GET of {@code uuid} answers each state in turn, then keeps answering the last. */
    private void states(String uuid, String function, String stream, String... states) {
        String scenario = "states of " + uuid;
        for (int i = 0; i < states.length; i++) {
            String current = i == 0 ? Scenario.STARTED : "poll " + i;
            var stub = lambdaRequest("GET", EVENT_SOURCE_MAPPINGS + "/" + uuid)
                    .inScenario(scenario)
                    .whenScenarioStateIs(current)
                    .willReturn(LambdaWire.json(200, mapping(uuid, states[i], function, stream)));
            if (i + 1 < states.length) {
                stub = stub.willSetStateTo("poll " + (i + 1));
            }
            wire.server().stubFor(stub);
        }
    }

    private List<LoggedRequest> requests(String method, String path) {
        return wire.lambdaRequests(method, path);
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void createMakesTheMappingWaitsUntilItIsEnabledAndAnswersItsUuid(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_1, "Creating", "orders-service", STREAM));
        states(UUID_1, "orders-service", STREAM, "Creating", "Creating", "Enabled");

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        assertThat(answer.get("Data").get("UUID").asText()).isEqualTo(UUID_1);
        JsonNode created = body(requests("POST", LIST).get(0));
        assertThat(created.get("FunctionName").asText()).isEqualTo("orders-service");
        assertThat(created.get("EventSourceArn").asText()).isEqualTo(STREAM);
        assertThat(created.get("BatchSize").asInt()).isEqualTo(100);
        assertThat(created.get("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(created.get("Enabled").asBoolean()).isTrue();
        assertThat(created.has("ParallelizationFactor")).isFalse();
        assertThat(created.at("/Tags/streambot:managed-by").asText()).isEqualTo("Custom::StreambotConnector");
        assertThat(created.at("/Tags/streambot:stack-id").asText()).isEqualTo(STACK);
        assertThat(created.at("/Tags/streambot:logical-id").asText()).isEqualTo("Resource");
        assertThat(created.at("/Tags/streambot:request-id").asText()).isNotBlank();
        assertThat(requests("GET", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(3);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void createPassesEveryModernOption(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_1, "Creating", "orders-service", STREAM));
        states(UUID_1, "orders-service", STREAM, "Enabled");

        JsonNode answer = send(create().property("BatchSize", "500")
                .property("StartingPosition", "AT_TIMESTAMP")
                .property("StartingPositionTimestamp", "2026-01-31T12:00:00Z")
                .property("Enabled", "true")
                .property("MaximumBatchingWindowInSeconds", "5")
                .property("ParallelizationFactor", "4")
                .property("BisectBatchOnFunctionError", "true")
                .property("MaximumRetryAttempts", "3")
                .property("MaximumRecordAgeInSeconds", "3600")
                .property("TumblingWindowInSeconds", "60")
                .property("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .property(
                        "DestinationConfig",
                        Map.of("OnFailure", Map.of("Destination", "arn:aws:sqs:" + REGION + ":123456789012:dlq")))
                .property(
                        "FilterCriteria",
                        Map.of(
                                "Filters",
                                List.of(Map.of("Pattern", Map.of("data", Map.of("kind", List.of("order"))))))));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        JsonNode created = body(requests("POST", LIST).get(0));
        assertThat(created.get("BatchSize").asInt()).isEqualTo(500);
        assertThat(created.get("StartingPosition").asText()).isEqualTo("AT_TIMESTAMP");
        assertThat(created.get("StartingPositionTimestamp").asLong()).isEqualTo(1769860800L);
        assertThat(created.get("MaximumBatchingWindowInSeconds").asInt()).isEqualTo(5);
        assertThat(created.get("ParallelizationFactor").asInt()).isEqualTo(4);
        assertThat(created.get("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(created.get("MaximumRetryAttempts").asInt()).isEqualTo(3);
        assertThat(created.get("MaximumRecordAgeInSeconds").asInt()).isEqualTo(3600);
        assertThat(created.get("TumblingWindowInSeconds").asInt()).isEqualTo(60);
        assertThat(created.get("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");
        assertThat(created.at("/DestinationConfig/OnFailure/Destination").asText())
                .endsWith(":dlq");
        assertThat(created.at("/FilterCriteria/Filters/0/Pattern").asText())
                .isEqualTo("{\"data\":{\"kind\":[\"order\"]}}");
    }

    @Test
    void createAdoptsAMappingThatThisStacksStreambotCreatedButNotOneBeingDeleted(AwsWireMock wire) {
        wire.stubLambda("GET", TAGS, 200, tags(STACK, "an-earlier-request"));
        wire.stubLambda(
                "GET",
                LIST,
                200,
                list(
                        mapping(UUID_2, "Deleting", "orders-service", STREAM),
                        mapping(UUID_1, "Enabled", "orders-service", STREAM)));
        wire.stubLambda("PUT", ONE, 202, mapping(UUID_1, "Updating", "orders-service", STREAM));
        states(UUID_1, "orders-service", STREAM, "Updating", "Enabled");

        JsonNode answer = send(create().property("BatchSize", 10));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        assertThat(requests("POST", LIST)).isEmpty();
        assertThat(requests("PUT", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(1);
        assertThat(body(requests("PUT", ONE).get(0)).get("BatchSize").asInt()).isEqualTo(10);
        JsonNode listQuery = JSON.valueToTree(requests("GET", LIST).get(0).getQueryParams());
        assertThat(listQuery.toString()).contains("EventSourceArn").contains("orders-service");
    }

    @Test
    void createThatLosesARaceWithAnotherCreatorAdoptsTheWinnersMapping(AwsWireMock wire) {
        String scenario = "race";
        wire.server()
                .stubFor(lambdaRequest("GET", LIST)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.json(200, list()))
                        .willSetStateTo("someone created it"));
        wire.server()
                .stubFor(lambdaRequest("GET", LIST)
                        .inScenario(scenario)
                        .whenScenarioStateIs("someone created it")
                        .willReturn(LambdaWire.json(200, list(mapping(UUID_2, "Enabled", "orders-service", STREAM)))));
        wire.stubLambdaError(
                "POST",
                LIST,
                409,
                "ResourceConflictException",
                "The event source arn (" + STREAM + ") and function (orders-service) provided mapping already exists."
                        + " Please update or delete the existing mapping with UUID " + UUID_2);
        wire.stubLambda("PUT", ONE, 202, mapping(UUID_2, "Updating", "orders-service", STREAM));
        wire.stubLambda("GET", TAGS, 200, tags(STACK, "a-concurrent-request"));
        states(UUID_2, "orders-service", STREAM, "Enabled");

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_2);
        assertThat(requests("PUT", EVENT_SOURCE_MAPPINGS + "/" + UUID_2)).hasSize(1);
    }

    @Test
    void updateChangesTheMappingInPlaceKeepingItsUuidAndStreamPosition(AwsWireMock wire) {
        states(UUID_1, "orders-service", STREAM, "Enabled", "Updating", "Enabled");
        wire.stubLambda("PUT", ONE, 202, mapping(UUID_1, "Updating", "orders-service", STREAM));

        JsonNode answer = send(CustomResourceRequests.update(TYPE, UUID_1)
                .properties(Map.of(
                        "FunctionName", "orders-service",
                        "StreamArn", STREAM,
                        "BatchSize", "500",
                        "StartingPosition", "LATEST"))
                .oldProperties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        assertThat(answer.get("Data").get("UUID").asText()).isEqualTo(UUID_1);
        assertThat(requests("POST", LIST)).isEmpty();
        assertThat(requests("DELETE", ONE)).isEmpty();
        JsonNode updated =
                body(requests("PUT", EVENT_SOURCE_MAPPINGS + "/" + UUID_1).get(0));
        assertThat(updated.get("BatchSize").asInt()).isEqualTo(500);
        assertThat(updated.has("StartingPosition")).isFalse();
        // Options removed from the template go back to Lambda's defaults.
        assertThat(updated.get("ParallelizationFactor").asInt()).isEqualTo(1);
        assertThat(updated.get("MaximumRetryAttempts").asInt()).isEqualTo(-1);
        assertThat(updated.get("BisectBatchOnFunctionError").asBoolean()).isFalse();
    }

    static Stream<Arguments> replacements() {
        return Stream.of(
                Arguments.of("a new stream", "orders-service", OTHER_STREAM),
                Arguments.of("a new function", "refunds-service", STREAM),
                Arguments.of("a new DynamoDB stream", "orders-service", TABLE_STREAM));
    }

    @ParameterizedTest(name = "{0} replaces the mapping")
    @MethodSource("replacements")
    void onlyANewStreamOrFunctionReplacesTheMapping(String change, String function, String stream, AwsWireMock wire) {
        states(UUID_1, "orders-service", STREAM, "Enabled");
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_2, "Creating", function, stream));
        states(UUID_2, function, stream, "Enabled");

        JsonNode answer = send(CustomResourceRequests.update(TYPE, UUID_1)
                .properties(Map.of("FunctionName", function, "StreamArn", stream)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_2);
        assertThat(requests("PUT", ONE)).isEmpty();
        assertThat(requests("DELETE", ONE))
                .as("CloudFormation deletes the old mapping")
                .isEmpty();
        assertThat(body(requests("POST", LIST).get(0)).get("EventSourceArn").asText())
                .isEqualTo(stream);
    }

    @Test
    void updateOfAMappingThatNoLongerExistsCreatesANewOne(AwsWireMock wire) {
        wire.stubLambdaError("GET", EVENT_SOURCE_MAPPINGS + "/" + UUID_1, 404, "ResourceNotFoundException", "gone");
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_2, "Creating", "orders-service", STREAM));
        states(UUID_2, "orders-service", STREAM, "Enabled");

        JsonNode answer = send(CustomResourceRequests.update(TYPE, UUID_1)
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM)));

        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_2);
    }

    @Test
    void updateOfAResourceWhosePhysicalIdIsNoMappingUuidCreatesTheMapping(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_2, "Creating", "orders-service", STREAM));
        states(UUID_2, "orders-service", STREAM, "Enabled");

        JsonNode answer = send(CustomResourceRequests.update(TYPE, "2016/01/01/[$LATEST]0123abcd")
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_2);
    }

    @Test
    void aFailedUpdateKeepsTheOldUuid(AwsWireMock wire) {
        states(UUID_1, "orders-service", STREAM, "Enabled");
        wire.stubLambdaError(
                "PUT", ONE, 400, "InvalidParameterValueException", "BatchSize is too large for this stream");

        JsonNode answer = send(CustomResourceRequests.update(TYPE, UUID_1)
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM, "BatchSize", "10000")));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        assertThat(answer.get("Reason").asText()).startsWith("InvalidParameterValueException:");
        assertThat(requests("DELETE", ONE)).isEmpty();
    }

    @Test
    void aMappingInUseIsRetriedWithBackoff(AwsWireMock wire) {
        states(UUID_1, "orders-service", STREAM, "Enabled");
        String scenario = "in use";
        wire.server()
                .stubFor(lambdaRequest("PUT", ONE)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.error(
                                400,
                                "ResourceInUseException",
                                "Cannot update the event source mapping because it is in use."))
                        .willSetStateTo("free"));
        wire.server()
                .stubFor(lambdaRequest("PUT", ONE)
                        .inScenario(scenario)
                        .whenScenarioStateIs("free")
                        .willReturn(LambdaWire.json(202, mapping(UUID_1, "Updating", "orders-service", STREAM))));

        JsonNode answer = send(CustomResourceRequests.update(TYPE, UUID_1)
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM, "BatchSize", "7")));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(requests("PUT", ONE)).hasSize(2);
        assertThat(sleeper.sleeps()).containsExactly(EventSourceMappings.IN_USE_BACKOFF.delay(0));
    }

    @Test
    void deleteRemovesTheMappingAndWaitsUntilItIsGone(AwsWireMock wire) {
        wire.stubLambda("DELETE", ONE, 202, mapping(UUID_1, "Deleting", "orders-service", STREAM));
        String scenario = "deleting";
        wire.server()
                .stubFor(lambdaRequest("GET", ONE)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.json(200, mapping(UUID_1, "Deleting", "orders-service", STREAM)))
                        .willSetStateTo("gone"));
        wire.server()
                .stubFor(lambdaRequest("GET", ONE)
                        .inScenario(scenario)
                        .whenScenarioStateIs("gone")
                        .willReturn(LambdaWire.error(404, "ResourceNotFoundException", "not found")));

        JsonNode answer = send(CustomResourceRequests.delete(TYPE, UUID_1)
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM, "FunctionRegion", REGION)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(1);
        assertThat(requests("GET", ONE)).hasSize(2);
    }

    @Test
    void deleteOfAMappingThatIsAlreadyGoneSucceeds(AwsWireMock wire) {
        wire.stubLambdaError(
                "DELETE", ONE, 404, "ResourceNotFoundException", "The resource you requested does not exist.");

        JsonNode answer = send(CustomResourceRequests.delete(TYPE, UUID_1)
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(requests("DELETE", ONE)).hasSize(1);
    }

    @Test
    void deleteAfterAFailedCreateOrOfAForeignIdTouchesNothing(AwsWireMock wire) {
        JsonNode failed = send(create().property("BatchSize", "lots"));
        String marker = failed.get("PhysicalResourceId").asText();
        assertThat(marker).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);

        for (String id : List.of(marker, "2016/01/01/[$LATEST]0123abcd")) {
            JsonNode answer = send(CustomResourceRequests.delete(TYPE, id).property("BatchSize", "lots"));
            assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(id);
        }
        assertThat(wire.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void theWaitForAMappingStuckInCreatingIsBoundedAndTheHalfMadeMappingIsRemoved(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_1, "Creating", "orders-service", STREAM));
        wire.stubLambda("GET", ONE, 200, mapping(UUID_1, "Creating", "orders-service", STREAM));
        wire.stubLambda("DELETE", ONE, 202, mapping(UUID_1, "Deleting", "orders-service", STREAM));

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("still Creating after " + EventSourceMappings.MAX_POLLS);
        assertThat(answer.get("PhysicalResourceId").asText()).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);
        assertThat(sleeper.sleeps()).hasSize(EventSourceMappings.MAX_POLLS);
        assertThat(Collections.max(sleeper.sleeps())).isEqualTo(Duration.ofSeconds(10));
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(1);
    }

    @Test
    void aMappingThatLambdaDisabledFailsTheCreateWithLambdasReason(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(UUID_1, "Creating", "orders-service", STREAM));
        wire.stubLambda(
                "GET",
                ONE,
                200,
                mapping(UUID_1, "Disabled", "orders-service", STREAM)
                        .replace("USER_INITIATED", "PROBLEM: Function call failed"));
        wire.stubLambda("DELETE", ONE, 202, mapping(UUID_1, "Deleting", "orders-service", STREAM));

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText())
                .contains("is Disabled instead of Enabled")
                .contains("PROBLEM: Function call failed");
    }

    @Test
    void lambdasOwnErrorsAreAnsweredWithTheirCode(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambdaError(
                "POST",
                LIST,
                400,
                "InvalidParameterValueException",
                "Cannot access stream. Please ensure the role can perform the GetRecords action.");

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("InvalidParameterValueException: Cannot access stream.");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the watchdog this would hang, not fail
    void theWatchdogAnswersBeforeTheDeadlineWhenLambdaHangs(AwsWireMock wire) throws InterruptedException {
        wire.server()
                .stubFor(lambdaRequest("GET", LIST)
                        .willReturn(LambdaWire.json(200, list()).withFixedDelay(3_000)));
        wire.stubLambda("POST", LIST, 202, mapping(UUID_1, "Creating", "orders-service", STREAM));
        TestContext context = TestContext.builder()
                .functionName("streambot-connector-provider")
                .timeout(Duration.ofMillis(1_500))
                .build();

        JsonNode answer = send(create(), context);

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("Timed out");
        assertThat(context.getRemainingTimeInMillis()).isPositive();
        // Let the hanging call return, so this test's requests do not leak into the next test's log.
        for (int i = 0; i < 100 && requests("GET", LIST).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(requests("POST", LIST)).as("the interrupted work stops").isEmpty();
    }

    static Stream<Arguments> foreignMappings() {
        return Stream.of(
                Arguments.of("not created by streambot", "{\"Tags\":{}}", "was not created by streambot"),
                Arguments.of("another stack's", tags(OTHER_STACK, "r"), "for another stack (" + OTHER_STACK));
    }

    @ParameterizedTest(name = "a mapping {0} is left alone")
    @MethodSource("foreignMappings")
    void createDoesNotAdoptAMappingItDidNotCreateAndLeavesItAlone(
            String description, String tagsJson, String reason, AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list(mapping(UUID_1, "Enabled", "orders-service", STREAM)));
        wire.stubLambda("GET", TAGS, 200, tagsJson);

        JsonNode answer = send(create());

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText())
                .contains(UUID_1)
                .contains(reason)
                .contains("Adopt: true");
        assertThat(requests("PUT", ONE)).isEmpty();
        assertThat(requests("POST", ".*")).isEmpty();
        assertThat(requests("DELETE", ".*")).isEmpty();
    }

    @Test
    void adoptTrueTakesOverAForeignMappingTagsItAndResetsItsSettings(AwsWireMock wire) {
        wire.stubLambda("GET", LIST, 200, list(mapping(UUID_1, "Enabled", "orders-service", STREAM)));
        wire.stubLambda("GET", TAGS, 200, "{\"Tags\":{\"team\":\"data\"}}");
        wire.stubLambda("POST", TAGS, 204, "");
        wire.stubLambda("PUT", ONE, 202, mapping(UUID_1, "Updating", "orders-service", STREAM));
        states(UUID_1, "orders-service", STREAM, "Enabled");

        JsonNode answer = send(create().property("Adopt", "true"));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(UUID_1);
        JsonNode tagged = body(requests("POST", TAGS).get(0));
        assertThat(tagged.at("/Tags/streambot:managed-by").asText()).isEqualTo("Custom::StreambotConnector");
        assertThat(tagged.at("/Tags/streambot:stack-id").asText()).isEqualTo(STACK);
        assertThat(body(requests("PUT", ONE).get(0))
                        .get("ParallelizationFactor")
                        .asInt())
                .isEqualTo(1);
    }

    static Stream<Arguments> interruptedOperations() {
        return Stream.of(
                Arguments.of("Create", UUID_1, "orders-service"), Arguments.of("Update", UUID_2, "refunds-service"));
    }

    @ParameterizedTest(name = "a {0} that the watchdog stops deletes the mapping it made before answering")
    @MethodSource("interruptedOperations")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMappingMadeBeforeTheWatchdogFiredIsDeletedBeforeTheFailedAnswer(
            String operation, String made, String function, AwsWireMock wire) {
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer")).willReturn(aResponse().withStatus(200)));
        states(UUID_1, "orders-service", STREAM, "Enabled");
        wire.stubLambda("GET", LIST, 200, list());
        wire.stubLambda("POST", LIST, 202, mapping(made, "Creating", function, STREAM));
        wire.server()
                .stubFor(lambdaRequest("GET", EVENT_SOURCE_MAPPINGS + "/" + made)
                        .atPriority(1)
                        .willReturn(LambdaWire.json(200, mapping(made, "Creating", function, STREAM))
                                .withFixedDelay(3_000)));
        wire.stubLambda("DELETE", ONE, 202, mapping(made, "Deleting", function, STREAM));
        CustomResourceRequests request = operation.equals("Create")
                ? create()
                : CustomResourceRequests.update(TYPE, UUID_1)
                        .properties(Map.of("FunctionName", function, "StreamArn", STREAM));
        TestContext context = TestContext.builder()
                .functionName("streambot-connector-provider")
                .timeout(Duration.ofMillis(1_500))
                .build();

        invoke(provider, request.field("StackId", STACK).responseUrl(wire.endpoint() + "/answer"), context);

        List<ServeEvent> events = wire.server().getAllServeEvents(); // newest first
        int answer = indexOf(events, "PUT", "/answer");
        int deleted = indexOf(events, "DELETE", EVENT_SOURCE_MAPPINGS + "/" + made);
        assertThat(answer).as("answered").isNotNegative();
        JsonNode body = json(events.get(answer).getRequest().getBodyAsString());
        assertThat(body.get("Status").asText()).isEqualTo("FAILED");
        assertThat(body.get("Reason").asText()).contains("Timed out");
        assertThat(deleted)
                .as("the mapping this request made is deleted before the answer")
                .isGreaterThan(answer);
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_1))
                .as("an Update never deletes the mapping it replaces: CloudFormation does")
                .hasSize(operation.equals("Create") ? 1 : 0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCreateWhoseCallWasInFlightWhenTheWatchdogFiredIsFoundByItsTagsAndDeleted(AwsWireMock wire) {
        String scenario = "create lands late";
        wire.server()
                .stubFor(lambdaRequest("GET", LIST)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.json(200, list())));
        wire.server()
                .stubFor(lambdaRequest("POST", LIST)
                        .inScenario(scenario)
                        .willSetStateTo("created")
                        .willReturn(LambdaWire.json(202, mapping(UUID_1, "Creating", "orders-service", STREAM))
                                .withFixedDelay(2_500)));
        wire.server()
                .stubFor(lambdaRequest("GET", LIST)
                        .inScenario(scenario)
                        .whenScenarioStateIs("created")
                        .willReturn(LambdaWire.json(200, list(mapping(UUID_1, "Creating", "orders-service", STREAM)))));
        wire.stubLambda("GET", TAGS, 200, tags(STACK, "req-late"));
        wire.stubLambda("DELETE", ONE, 202, mapping(UUID_1, "Deleting", "orders-service", STREAM));
        TestContext context = TestContext.builder()
                .functionName("streambot-connector-provider")
                .timeout(Duration.ofMillis(1_500))
                .build();

        JsonNode answer = send(create().field("RequestId", "req-late"), context);

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(1);
    }

    @Test
    void theDeleteOfAFailedCreateRemovesAMappingThatCreateLeftFoundByItsTags(AwsWireMock wire) {
        wire.stubLambda(
                "GET",
                LIST,
                200,
                list(
                        mapping(UUID_2, "Enabled", "orders-service", STREAM),
                        mapping(UUID_1, "Enabled", "orders-service", STREAM)));
        wire.server()
                .stubFor(lambdaRequest("GET", "/2017-03-31/tags/.*" + UUID_2)
                        .willReturn(LambdaWire.json(200, tags(STACK, "another-request"))));
        wire.server()
                .stubFor(lambdaRequest("GET", "/2017-03-31/tags/.*" + UUID_1)
                        .willReturn(LambdaWire.json(200, tags(STACK, "req-9"))));
        wire.stubLambda("DELETE", ONE, 202, mapping(UUID_1, "Deleting", "orders-service", STREAM));

        JsonNode answer = send(CustomResourceRequests.delete(TYPE, CustomResourceHandler.FAILED_CREATE_PREFIX + "req-9")
                .properties(Map.of("FunctionName", "orders-service", "StreamArn", STREAM)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_1)).hasSize(1);
        assertThat(requests("DELETE", EVENT_SOURCE_MAPPINGS + "/" + UUID_2)).isEmpty();
    }

    private static int indexOf(List<ServeEvent> events, String method, String path) {
        for (int i = 0; i < events.size(); i++) {
            LoggedRequest request = events.get(i).getRequest();
            if (request.getMethod().getName().equals(method) && request.getUrl().startsWith(path)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> badProperties() {
        return Stream.of(
                Arguments.of(Map.of("BatchSize", "abc"), "BatchSize"),
                Arguments.of(Map.of("BatchSize", "0"), "BatchSize"),
                Arguments.of(Map.of("BatchSize", 10.5), "BatchSize"),
                Arguments.of(Map.of("StartingPosition", "SOMETIME"), "StartingPosition"),
                Arguments.of(Map.of("StartingPosition", "AT_TIMESTAMP"), "StartingPositionTimestamp"),
                Arguments.of(
                        Map.of("StartingPosition", "LATEST", "StartingPositionTimestamp", "1769860800"),
                        "StartingPositionTimestamp"),
                Arguments.of(
                        Map.of("StartingPosition", "AT_TIMESTAMP", "StartingPositionTimestamp", "yesterday"),
                        "StartingPositionTimestamp"),
                Arguments.of(
                        Map.of(
                                "StreamArn",
                                TABLE_STREAM,
                                "StartingPosition",
                                "AT_TIMESTAMP",
                                "StartingPositionTimestamp",
                                "1769860800"),
                        "StartingPosition"),
                Arguments.of(Map.of("Enabled", "maybe"), "Enabled"),
                Arguments.of(Map.of("Batchsize", "10"), "Batchsize"),
                Arguments.of(Map.of("StreamArn", "arn:aws:sqs:" + REGION + ":123456789012:queue"), "StreamArn"),
                Arguments.of(Map.of("StreamArn", List.of(STREAM)), "StreamArn"),
                Arguments.of(Map.of("FunctionName", "no spaces allowed"), "FunctionName"),
                Arguments.of(Map.of("FunctionRegion", "mars"), "FunctionRegion"),
                Arguments.of(
                        Map.of("FunctionName", "arn:aws:lambda:ap-south-1:123456789012:function:fn"), "FunctionRegion"),
                Arguments.of(Map.of("ParallelizationFactor", "11"), "ParallelizationFactor"),
                Arguments.of(Map.of("MaximumBatchingWindowInSeconds", "301"), "MaximumBatchingWindowInSeconds"),
                Arguments.of(Map.of("MaximumRetryAttempts", "-2"), "MaximumRetryAttempts"),
                Arguments.of(Map.of("MaximumRecordAgeInSeconds", "30"), "MaximumRecordAgeInSeconds"),
                Arguments.of(Map.of("BisectBatchOnFunctionError", "yes"), "BisectBatchOnFunctionError"),
                Arguments.of(Map.of("FunctionResponseTypes", List.of("Everything")), "FunctionResponseTypes"),
                Arguments.of(
                        Map.of("DestinationConfig", Map.of("OnFailure", Map.of())),
                        "DestinationConfig.OnFailure.Destination"),
                Arguments.of(Map.of("DestinationConfig", Map.of("OnSuccess", Map.of())), "DestinationConfig.OnSuccess"),
                Arguments.of(Map.of("FilterCriteria", Map.of("Pattern", "{}")), "FilterCriteria"),
                Arguments.of(
                        Map.of("FilterCriteria", Map.of("Filters", List.of(Map.of()))),
                        "FilterCriteria.Filters[0].Pattern"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badProperties")
    void aBadPropertyFailsTheCreateNamingItWithoutCallingLambda(
            Map<String, Object> override, String property, AwsWireMock wire) {
        JsonNode answer = send(create().properties(override));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("Invalid property '" + property + "'");
        assertThat(answer.get("PhysicalResourceId").asText()).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);
        assertThat(wire.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aMissingRequiredPropertyIsNamed(AwsWireMock wire) {
        JsonNode answer = send(CustomResourceRequests.create(TYPE).property("FunctionName", "orders-service"));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).isEqualTo("Invalid property 'StreamArn': is required");
    }
}
