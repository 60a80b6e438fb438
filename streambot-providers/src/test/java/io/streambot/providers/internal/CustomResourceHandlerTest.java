package io.streambot.providers.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.streambot.providers.testing.Invocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.streambot.providers.internal.CustomResourceHandler.Outcome;
import io.streambot.providers.testing.RecordingSleeper;
import io.streambot.providers.testing.ResponseInbox;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CustomResourceRequests;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import io.streambot.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@LocalAws
class CustomResourceHandlerTest {
    private static final String TYPE = "Custom::Scripted";

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private ResponseInbox inbox;

    @BeforeEach
    void inbox(LocalS3 s3) {
        inbox = ResponseInbox.in(s3);
    }

    private ScriptedProvider provider(ScriptedProvider.Step onCreate) {
        return new ScriptedProvider(sleeper, onCreate, (request, work) -> new Outcome("updated-id", Map.of()));
    }

    @Test
    void aSuccessfulCreateAnswersOnceWithItsPhysicalIdAndData() {
        ScriptedProvider provider = provider((request, work) -> new Outcome("thing-1", Map.of("Answer", "42")));
        CustomResourceRequests request =
                CustomResourceRequests.create(TYPE).logicalResourceId("Thing").responseUrl(inbox.url());

        invoke(provider, request, TestContext.of("provider"));

        JsonNode answer = inbox.answer();
        JsonNode sent = json(request.toJson());
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("thing-1");
        assertThat(answer.get("StackId").asText()).isEqualTo(sent.get("StackId").asText());
        assertThat(answer.get("RequestId").asText())
                .isEqualTo(sent.get("RequestId").asText());
        assertThat(answer.get("LogicalResourceId").asText()).isEqualTo("Thing");
        assertThat(answer.get("Data").get("Answer").asText()).isEqualTo("42");
        assertThat(provider.calls).containsExactly("create");
    }

    @Test
    void aFailedCreateAnswersWithAMarkerIdAndTheDeleteOfThatIdTouchesNothing(LocalS3 s3) {
        ScriptedProvider provider = provider((request, work) -> {
            throw new InvalidPropertyException("Size", "must be a whole number");
        });
        CustomResourceRequests create = CustomResourceRequests.create(TYPE).responseUrl(inbox.url());

        invoke(provider, create, TestContext.of("provider"));

        JsonNode answer = inbox.answer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("Invalid property 'Size': must be a whole number");
        String marker = answer.get("PhysicalResourceId").asText();
        assertThat(marker).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);

        ResponseInbox deleteInbox = inbox.next();
        invoke(
                provider,
                CustomResourceRequests.delete(TYPE, marker).responseUrl(deleteInbox.url()),
                TestContext.of("provider"));

        assertThat(deleteInbox.answer().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(deleteInbox.answer().get("PhysicalResourceId").asText()).isEqualTo(marker);
        assertThat(provider.calls).containsExactly("create");
    }

    @Test
    void aFailedUpdateKeepsTheOldPhysicalId() {
        ScriptedProvider provider = new ScriptedProvider(sleeper, (r, w) -> null, (r, w) -> {
            throw new ProviderException("the thing is busy");
        });

        invoke(
                provider,
                CustomResourceRequests.update(TYPE, "old-id").responseUrl(inbox.url()),
                TestContext.of("provider"));

        assertThat(inbox.answer().get("Status").asText()).isEqualTo("FAILED");
        assertThat(inbox.answer().get("PhysicalResourceId").asText()).isEqualTo("old-id");
        assertThat(inbox.answer().get("Reason").asText()).startsWith("the thing is busy");
    }

    @Test
    void anUnexpectedExceptionIsAnsweredWithoutItsMessageWhichMayHoldValues() {
        ScriptedProvider provider = provider((request, work) -> {
            throw new IllegalStateException("password=hunter2");
        });

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(inbox.url()), TestContext.of("p"));

        assertThat(inbox.answer().get("Status").asText()).isEqualTo("FAILED");
        assertThat(inbox.answer().get("Reason").asText())
                .contains("java.lang.IllegalStateException")
                .doesNotContain("hunter2");
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("no RequestType", edit(r -> r.without("RequestType")), "'RequestType'"),
                Arguments.of("unknown RequestType", edit(r -> r.field("RequestType", "Upsert")), "'RequestType'"),
                Arguments.of("RequestType not a string", edit(r -> r.field("RequestType", 7)), "'RequestType'"),
                Arguments.of("no StackId", edit(r -> r.without("StackId")), "'StackId'"),
                Arguments.of("no RequestId", edit(r -> r.without("RequestId")), "'RequestId'"),
                Arguments.of("no LogicalResourceId", edit(r -> r.without("LogicalResourceId")), "'LogicalResourceId'"),
                Arguments.of(
                        "Update without PhysicalResourceId",
                        edit(r -> r.field("RequestType", "Update").without("PhysicalResourceId")),
                        "'PhysicalResourceId'"),
                Arguments.of(
                        "Delete without PhysicalResourceId",
                        edit(r -> r.field("RequestType", "Delete").without("PhysicalResourceId")),
                        "'PhysicalResourceId'"),
                Arguments.of(
                        "ResourceProperties not an object",
                        edit(r -> r.field("ResourceProperties", List.of("a"))),
                        "'ResourceProperties'"));
    }

    private static UnaryOperator<CustomResourceRequests> edit(UnaryOperator<CustomResourceRequests> edit) {
        return edit;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void aMalformedRequestIsAnsweredFailedNamingTheField(
            String description, UnaryOperator<CustomResourceRequests> malform, String field) {
        ScriptedProvider provider = provider((request, work) -> new Outcome("never", Map.of()));

        invoke(
                provider,
                malform.apply(CustomResourceRequests.create(TYPE).responseUrl(inbox.url())),
                TestContext.of("provider"));

        JsonNode answer = inbox.answer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains(field);
        assertThat(answer.get("PhysicalResourceId").asText()).isNotBlank();
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void anEventThatIsNotJsonIsStillAnsweredWhenItsResponseUrlCanBeFound() {
        ScriptedProvider provider = provider((request, work) -> new Outcome("never", Map.of()));
        String json =
                CustomResourceRequests.create(TYPE).responseUrl(inbox.url()).toJson();
        byte[] broken = json.substring(0, json.length() - 5).getBytes(StandardCharsets.UTF_8);

        invoke(provider, broken, TestContext.of("provider"));

        JsonNode answer = inbox.answer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("not valid JSON");
        assertThat(answer.get("RequestId").asText())
                .isEqualTo(json(json).get("RequestId").asText());
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void anEventWithoutAResponseUrlIsLoggedAndNotAnswered() {
        ScriptedProvider provider = provider((request, work) -> new Outcome("never", Map.of()));
        TestContext context = TestContext.of("provider");

        invoke(provider, CustomResourceRequests.create(TYPE).without("ResponseURL"), context);

        assertThat(context.getLogger().text()).contains("'ResponseURL'").contains("Cannot answer CloudFormation");
        assertThat(provider.calls).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the watchdog this would hang, not fail
    void theWatchdogAnswersTimedOutWhileThereIsStillTimeToAnswer() {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedProvider provider = provider((request, work) -> {
            never.await();
            return new Outcome("too-late", Map.of());
        });
        TestContext context = TestContext.builder()
                .functionName("provider")
                .timeout(Duration.ofMillis(1500))
                .build();

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(inbox.url()), context);

        JsonNode answer = inbox.answer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("Timed out");
        assertThat(answer.get("PhysicalResourceId").asText()).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);
        assertThat(context.getRemainingTimeInMillis()).isPositive();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the watchdog this would hang, not fail
    void workThatEndsAfterTheWatchdogFiredSendsNoSecondAnswer(AwsWireMock wire) throws Exception {
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer")).willReturn(aResponse().withStatus(200)));
        CountDownLatch finished = new CountDownLatch(1);
        ScriptedProvider provider = provider((request, work) -> {
            try {
                new CountDownLatch(1).await();
            } finally {
                finished.countDown();
            }
            return new Outcome("too-late", Map.of());
        });
        TestContext context = TestContext.builder()
                .functionName("provider")
                .timeout(Duration.ofMillis(1200))
                .build();

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(wire.endpoint() + "/answer"), context);

        assertThat(finished.await(30, TimeUnit.SECONDS))
                .as("the watchdog interrupts the work")
                .isTrue();
        List<LoggedRequest> puts = wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer")));
        assertThat(puts).hasSize(1);
        assertThat(json(puts.get(0).getBodyAsString()).get("Reason").asText()).contains("Timed out");
    }

    @Test
    void aLongReasonIsTruncatedSoTheAnswerStaysWithin4096Bytes() {
        String reason = "é\"".repeat(5_000);
        ScriptedProvider provider = provider((request, work) -> {
            throw new ProviderException(reason);
        });

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(inbox.url()), TestContext.of("p"));

        byte[] raw = inbox.rawAnswer();
        assertThat(raw.length).isLessThanOrEqualTo(CustomResourceResponse.MAX_BODY_BYTES);
        JsonNode answer = json(new String(raw, StandardCharsets.UTF_8));
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("é\"é\"").endsWith(CustomResourceResponse.TRUNCATED);
        assertThat(answer.get("Reason").asText().length()).isGreaterThan(1000);
    }

    @Test
    void dataTooLargeForAnAnswerTurnsIntoAFailureInsteadOfALostAnswer() {
        ScriptedProvider provider =
                provider((request, work) -> new Outcome("thing-1", Map.of("Blob", "x".repeat(5_000))));

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(inbox.url()), TestContext.of("p"));

        byte[] raw = inbox.rawAnswer();
        assertThat(raw.length).isLessThanOrEqualTo(CustomResourceResponse.MAX_BODY_BYTES);
        JsonNode answer = json(new String(raw, StandardCharsets.UTF_8));
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("4096-byte limit");
        assertThat(answer.get("Data").size()).isZero();
    }

    @Test
    void anEventThatIsJsonButNotAnObjectIsLoggedAndNotAnswered() {
        ScriptedProvider provider = provider((request, work) -> new Outcome("never", Map.of()));
        TestContext context = TestContext.of("provider");

        invoke(provider, "[1, 2]".getBytes(StandardCharsets.UTF_8), context);

        assertThat(context.getLogger().text()).contains("not a JSON object").contains("Cannot answer CloudFormation");
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void theAnswerIsRetriedWithBackoffUntilA2xxWithNoContentType(AwsWireMock wire) {
        String scenario = "flaky response URL";
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer"))
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500))
                        .willSetStateTo("second"));
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer"))
                        .inScenario(scenario)
                        .whenScenarioStateIs("second")
                        .willReturn(aResponse().withStatus(503))
                        .willSetStateTo("third"));
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer"))
                        .inScenario(scenario)
                        .whenScenarioStateIs("third")
                        .willReturn(aResponse().withStatus(200))
                        .willSetStateTo("answered"));
        ScriptedProvider provider = provider((request, work) -> new Outcome("thing-1", Map.of()));

        invoke(
                provider,
                CustomResourceRequests.create(TYPE).responseUrl(wire.endpoint() + "/answer?X-Amz-Signature=abc"),
                TestContext.of("provider"));

        List<LoggedRequest> puts = wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer")));
        assertThat(puts).hasSize(3);
        for (LoggedRequest put : puts) {
            String contentType = put.getHeader("Content-Type");
            assertThat(contentType == null || contentType.isEmpty())
                    .as("content type %s", contentType)
                    .isTrue();
            assertThat(json(put.getBodyAsString()).get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(put.queryParameter("X-Amz-Signature").firstValue()).isEqualTo("abc");
        }
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void onlyA2xxCountsAndTheRetriesAreBounded(AwsWireMock wire) {
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer")).willReturn(aResponse().withStatus(302)));
        ScriptedProvider provider = provider((request, work) -> new Outcome("thing-1", Map.of()));
        TestContext context = TestContext.of("provider");

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(wire.endpoint() + "/answer"), context);

        assertThat(wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer"))))
                .hasSize(ResponseSender.MAX_ATTEMPTS);
        assertThat(context.getLogger().text()).contains("HTTP 302").contains("Gave up answering CloudFormation");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withWellUnderASecondLeftTheAnswerIsStillSentAndTheWorkIsNotStarted() {
        ScriptedProvider provider = provider((request, work) -> {
            new CountDownLatch(1).await();
            return new Outcome("never", Map.of());
        });
        TestContext context = TestContext.builder()
                .functionName("provider")
                .timeout(Duration.ofMillis(600))
                .build();

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(inbox.url()), context);

        JsonNode answer = inbox.answer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("Not started").contains("Raise the provider's Timeout");
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void aFailedOperationIsUndoneNewestFirstBeforeTheAnswerAndASuccessfulOneIsKept(AwsWireMock wire) {
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer")).willReturn(aResponse().withStatus(200)));
        List<String> undone = new CopyOnWriteArrayList<>();
        ScriptedProvider provider = new ScriptedProvider(
                sleeper,
                (request, work) -> {
                    work.onFailure("first", timeout -> undone.add("first, answered: " + answers(wire)));
                    work.onFailure("second", timeout -> undone.add("second, answered: " + answers(wire)));
                    throw new ProviderException("the second change failed");
                },
                (request, work) -> {
                    work.onFailure("kept", timeout -> undone.add("kept"));
                    return new Outcome("updated-id", Map.of());
                });

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(wire.endpoint() + "/answer"), ctx());
        invoke(provider, CustomResourceRequests.update(TYPE, "id").responseUrl(wire.endpoint() + "/answer"), ctx());

        assertThat(undone).containsExactly("second, answered: 0", "first, answered: 0");
        List<LoggedRequest> puts = wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer")));
        assertThat(puts).hasSize(2);
        assertThat(puts.stream()
                        .map(p -> json(p.getBodyAsString()).get("Status").asText()))
                .containsExactlyInAnyOrder("FAILED", "SUCCESS");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChangeThatLandsAfterTheTimedOutAnswerIsUndoneAtOnceBeforeTheHandlerReturns(AwsWireMock wire) {
        wire.server()
                .stubFor(put(urlPathEqualTo("/answer")).willReturn(aResponse().withStatus(200)));
        List<String> undone = new CopyOnWriteArrayList<>();
        ScriptedProvider provider = provider((request, work) -> {
            // A call in flight that ignores the watchdog's interrupt and only returns after the answer.
            while (answers(wire) == 0) {
                sleepUninterruptibly(20);
            }
            work.onFailure("the late change", timeout -> undone.add("the late change"));
            return new Outcome("too-late", Map.of());
        });
        TestContext context = TestContext.builder()
                .functionName("provider")
                .timeout(Duration.ofMillis(3000))
                .build();

        invoke(provider, CustomResourceRequests.create(TYPE).responseUrl(wire.endpoint() + "/answer"), context);

        assertThat(undone).containsExactly("the late change");
        List<LoggedRequest> puts = wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer")));
        assertThat(puts).hasSize(1);
        assertThat(json(puts.get(0).getBodyAsString()).get("Reason").asText()).contains("Timed out");
        assertThat(context.getLogger().text()).contains("undoing at once: the late change");
    }

    @Test
    void theAnswerStaysWithin4096BytesWhateverTheSizeOfTheIdsAndTheReason() {
        ScriptedProvider provider = provider((request, work) -> {
            throw new ProviderException("\u0001\"é".repeat(3_000));
        });
        CustomResourceRequests request = CustomResourceRequests.create(TYPE)
                .responseUrl(inbox.url())
                .field("StackId", "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + "s".repeat(5_000))
                .field("RequestId", "r\"".repeat(3_000))
                .logicalResourceId("L".repeat(5_000));

        invoke(provider, request, TestContext.of("p"));

        byte[] raw = inbox.rawAnswer();
        assertThat(raw.length).isLessThanOrEqualTo(CustomResourceResponse.MAX_BODY_BYTES);
        JsonNode answer = json(new String(raw, StandardCharsets.UTF_8));
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).startsWith(CustomResourceResponse.DIGEST_PREFIX);
        assertThat(answer.get("LogicalResourceId").asText()).startsWith("LLLL");
    }

    @Test
    void anOverLongPhysicalIdOfAFailedUpdateIsAnsweredAsAStableDigest() {
        String longId = "x".repeat(5_000);
        CustomResourceRequest.Addressing addressing = new CustomResourceRequest.Addressing(
                java.util.Optional.empty(), "stack", "request", "Logical", java.util.Optional.of(longId));

        byte[] first = new CustomResourceResponse(false, "no", longId, addressing, Map.of()).toJson();
        byte[] second = new CustomResourceResponse(false, "no", longId, addressing, Map.of()).toJson();

        assertThat(first.length).isLessThanOrEqualTo(CustomResourceResponse.MAX_BODY_BYTES);
        assertThat(json(new String(first, StandardCharsets.UTF_8))
                        .get("PhysicalResourceId")
                        .asText())
                .startsWith(CustomResourceResponse.DIGEST_PREFIX)
                .isEqualTo(json(new String(second, StandardCharsets.UTF_8))
                        .get("PhysicalResourceId")
                        .asText());
    }

    private static int answers(AwsWireMock wire) {
        return wire.server().findAll(putRequestedFor(urlPathEqualTo("/answer"))).size();
    }

    private static TestContext ctx() {
        return TestContext.of("provider");
    }

    private static void sleepUninterruptibly(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                // keeps going, like a blocking socket read that an interrupt does not stop
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
