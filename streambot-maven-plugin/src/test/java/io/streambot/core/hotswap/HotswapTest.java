package io.streambot.core.hotswap;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.streambot.core.service.ServiceScript.FUNCTIONS;
import static io.streambot.core.service.ServiceScript.configuration;
import static io.streambot.core.service.ServiceScript.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.core.RecordingEvents;
import io.streambot.core.service.ServiceScript;
import io.streambot.core.stack.CodeLocation;
import io.streambot.core.stack.DeployRequest;
import io.streambot.core.stack.StackTemplate;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LambdaWire;
import io.streambot.testkit.LocalAws;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hotswap against CloudFormation and Lambda scripted on WireMock in their wire formats. */
@LocalAws
class HotswapTest {
    static final String SVC = "svc";
    static final String OLD_HEX = "aa".repeat(32);
    static final String NEW_HEX = "bb".repeat(32);
    static final String OLD_SHA = b64(OLD_HEX);
    static final String NEW_SHA = b64(NEW_HEX);
    static final String OLD_KEY = "streambot/svc/" + OLD_HEX + ".zip";
    static final String NEW_KEY = "streambot/svc/" + NEW_HEX + ".zip";
    static final String TEMPLATE =
            """
            {
              "Parameters": {
                "CodeBucket": {"Type": "String"},
                "CodeKey": {"Type": "String"},
                "EventBucket": {"Type": "String"}
              },
              "Resources": {
                "Ingest": {"Type": "AWS::Lambda::Function", "Properties": {
                  "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}, "Handler": "a.B"}},
                "Echo": {"Type": "AWS::Lambda::Function", "Properties": {
                  "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}, "Handler": "a.C"}},
                "Queue": {"Type": "AWS::SQS::Queue"}
              }
            }
            """;

    final RecordingEvents events = new RecordingEvents();
    final ServiceScript.Time time = new ServiceScript.Time();

    static String b64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    Hotswap hotswap(AwsWireMock wire) {
        return new Hotswap(wire.cloudFormation(), wire.lambda(), events, time.polling());
    }

    static DeployRequest request(String template, String eventBucket) {
        return DeployRequest.builder(SVC, StackTemplate.parse("svc.json", template))
                .parameters(Map.of("EventBucket", eventBucket))
                .code(new CodeLocation("code", NEW_KEY, null))
                .build();
    }

    static BundleCode bundle() {
        return BundleCode.of(new CodeLocation("code", NEW_KEY, null), null);
    }

    /** The deployed service: its stack records OLD_KEY; Ingest runs it, Echo already runs NEW (an earlier hotswap). */
    static ServiceScript deployed(AwsWireMock wire, boolean terminationProtection) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("CodeBucket", "code");
        parameters.put("CodeKey", OLD_KEY);
        parameters.put("EventBucket", "events");
        return new ServiceScript(wire)
                .describeStack(SVC, stack(SVC, "UPDATE_COMPLETE", terminationProtection, parameters, null))
                .template(TEMPLATE)
                .functions("Ingest", "svc-Ingest-1", "Echo", "svc-Echo-1");
    }

    /** Ingest's configuration: OLD and Successful until its code is updated, then InProgress once, then {@code after}. */
    static void ingestUpdates(AwsWireMock wire, String after) {
        String path = FUNCTIONS + "svc-Ingest-1";
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("ingest")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", OLD_SHA, "Successful", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("PUT", path + "/code")
                        .inScenario("ingest")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("updating")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", NEW_SHA, "InProgress", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("ingest")
                        .whenScenarioStateIs("updating")
                        .willSetStateTo("updated")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", NEW_SHA, "InProgress", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("ingest")
                        .whenScenarioStateIs("updated")
                        .willReturn(LambdaWire.json(200, after)));
        wire.stubLambda(
                "GET",
                FUNCTIONS + "svc-Echo-1/configuration",
                200,
                configuration("svc-Echo-1", NEW_SHA, "Successful", null));
    }

    @Test
    void aCodeOnlyChangeUpdatesOnlyTheFunctionThatRunsOtherCodeWithOneWrite(AwsWireMock wire) {
        deployed(wire, false);
        ingestUpdates(wire, configuration("svc-Ingest-1", NEW_SHA, "Successful", null));

        Hotswap.Result result = hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.SWAPPED);
        assertThat(result.updatedCount()).isEqualTo(1);
        assertThat(ServiceScript.writes(wire)).containsExactly("PUT " + FUNCTIONS + "svc-Ingest-1/code");
        wire.server()
                .verify(putRequestedFor(urlPathEqualTo(FUNCTIONS + "svc-Ingest-1/code"))
                        .withRequestBody(
                                equalToJson("{\"S3Bucket\":\"code\",\"S3Key\":\"" + NEW_KEY + "\"}", true, true)));
        assertThat(wire.lambdaRequests("GET", FUNCTIONS + "svc-Ingest-1/configuration"))
                .as("read the sha and the update status, then waited: InProgress, Successful")
                .hasSize(3);
        assertThat(time.sleeps).hasSize(1);
        assertThat(events.infos)
                .contains(
                        "Hotswap: Echo (svc-Echo-1) already runs this code",
                        "Hotswapped Ingest (svc-Ingest-1) to " + NEW_KEY + " in 0.1 s",
                        "Hotswap of stack svc: 1 function updated, 1 already current, in 0.1 s (without CloudFormation)")
                .anyMatch(l -> l.contains("the next deploy-stack without hotswap records " + NEW_KEY));
        assertThat(result.stack().outputs()).containsEntry("Queue", "q-1");
    }

    @Test
    void anUpdateAlreadyInProgressIsWaitedForBeforeTheCodeIsSent(AwsWireMock wire) {
        deployed(wire, false);
        String path = FUNCTIONS + "svc-Ingest-1";
        // The PUT is only answered once the earlier update is done: sent too early, it would get a 404.
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("busy")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("idle")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", OLD_SHA, "InProgress", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("busy")
                        .whenScenarioStateIs("idle")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", OLD_SHA, "Successful", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("PUT", path + "/code")
                        .inScenario("busy")
                        .whenScenarioStateIs("idle")
                        .willSetStateTo("updated")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", NEW_SHA, "InProgress", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", path + "/configuration")
                        .inScenario("busy")
                        .whenScenarioStateIs("updated")
                        .willReturn(LambdaWire.json(200, configuration("svc-Ingest-1", NEW_SHA, "Successful", null))));
        wire.stubLambda(
                "GET",
                FUNCTIONS + "svc-Echo-1/configuration",
                200,
                configuration("svc-Echo-1", NEW_SHA, "Successful", null));

        Hotswap.Result result = hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false);

        assertThat(result.updatedCount()).isEqualTo(1);
        assertThat(ServiceScript.writes(wire)).containsExactly("PUT " + FUNCTIONS + "svc-Ingest-1/code");
        assertThat(wire.lambdaRequests("GET", path + "/configuration")).hasSize(3);
    }

    @Test
    void whenEveryFunctionRunsTheBundleNothingIsWritten(AwsWireMock wire) {
        deployed(wire, false);
        wire.stubLambda("GET", FUNCTIONS + ".*/configuration", 200, configuration("x", NEW_SHA, "Successful", null));

        Hotswap.Result result = hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.SWAPPED);
        assertThat(result.updatedCount()).isZero();
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void aChangedParameterFallsBackToTheChangeSetNamingIt(AwsWireMock wire) {
        deployed(wire, false);

        Hotswap.Result result = hotswap(wire).attempt(request(TEMPLATE, "other-events"), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.FALLBACK);
        assertThat(result.fallbackReason()).isEqualTo("parameter EventBucket changes (events -> other-events)");
        assertThat(events.infos)
                .contains("Hotswap not possible: parameter EventBucket changes (events -> other-events); deploying"
                        + " through a change set");
        assertThat(ServiceScript.writes(wire)).isEmpty();
        assertThat(wire.lambdaRequests("GET", FUNCTIONS + ".*")).isEmpty();
    }

    static final String REPLAY_OLD_KEY = "streambot/replay-fn/" + "cc".repeat(32) + ".zip";
    static final String REPLAY_NEW_KEY = "streambot/replay-fn/" + "dd".repeat(32) + ".zip";

    /** Echo runs the bundle of the reactor module replay-fn (CodeKeyReplayFn); Ingest the module's own. */
    static String multiModuleTemplate() {
        String multi = TEMPLATE.replace(
                        "\"EventBucket\": {\"Type\": \"String\"}",
                        "\"EventBucket\": {\"Type\": \"String\"}, \"CodeBucketReplayFn\": {\"Type\": \"String\"},"
                                + " \"CodeKeyReplayFn\": {\"Type\": \"String\"}")
                .replace(
                        "\"Code\": {\"S3Bucket\": {\"Ref\": \"CodeBucket\"}, \"S3Key\": {\"Ref\": \"CodeKey\"}}, \"Handler\": \"a.C\"",
                        "\"Code\": {\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\":"
                                + " \"CodeKeyReplayFn\"}}, \"Handler\": \"a.C\"");
        assertThat(multi).contains("CodeKeyReplayFn\"}}, \"Handler\": \"a.C\"");
        return multi;
    }

    /** The deployed multi-module service: the stack records both bundles' previous keys. */
    static void deployedMultiModule(AwsWireMock wire, String ownKey) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("CodeBucket", "code");
        parameters.put("CodeKey", ownKey);
        parameters.put("EventBucket", "events");
        parameters.put("CodeBucketReplayFn", "code");
        parameters.put("CodeKeyReplayFn", REPLAY_OLD_KEY);
        new ServiceScript(wire)
                .describeStack(SVC, stack(SVC, "UPDATE_COMPLETE", false, parameters, null))
                .template(multiModuleTemplate())
                .functions("Ingest", "svc-Ingest-1", "Echo", "svc-Echo-1");
    }

    static DeployRequest multiModuleRequest(String eventBucket, String replayKey) {
        return DeployRequest.builder(SVC, StackTemplate.parse("svc.json", multiModuleTemplate()))
                .parameters(Map.of(
                        "EventBucket", eventBucket,
                        "CodeBucketReplayFn", "code",
                        "CodeKeyReplayFn", replayKey))
                .code(new CodeLocation("code", NEW_KEY, null))
                .build();
    }

    @Test
    void aChangedBundleOfAnotherReactorModuleUpdatesOnlyTheFunctionBoundToIt(AwsWireMock wire) {
        deployedMultiModule(wire, NEW_KEY);
        String replayOld = b64("cc".repeat(32));
        String replayNew = b64("dd".repeat(32));
        String echo = FUNCTIONS + "svc-Echo-1";
        wire.stubLambda(
                "GET",
                FUNCTIONS + "svc-Ingest-1/configuration",
                200,
                configuration("svc-Ingest-1", NEW_SHA, "Successful", null));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", echo + "/configuration")
                        .inScenario("echo")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(LambdaWire.json(200, configuration("svc-Echo-1", replayOld, "Successful", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("PUT", echo + "/code")
                        .inScenario("echo")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("updated")
                        .willReturn(LambdaWire.json(200, configuration("svc-Echo-1", replayNew, "InProgress", null))));
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("GET", echo + "/configuration")
                        .inScenario("echo")
                        .whenScenarioStateIs("updated")
                        .willReturn(LambdaWire.json(200, configuration("svc-Echo-1", replayNew, "Successful", null))));

        Hotswap.Result result = hotswap(wire).attempt(multiModuleRequest("events", REPLAY_NEW_KEY), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.SWAPPED);
        assertThat(result.updatedCount()).isEqualTo(1);
        assertThat(ServiceScript.writes(wire)).containsExactly("PUT " + echo + "/code");
        wire.server()
                .verify(putRequestedFor(urlPathEqualTo(echo + "/code"))
                        .withRequestBody(equalToJson(
                                "{\"S3Bucket\":\"code\",\"S3Key\":\"" + REPLAY_NEW_KEY + "\"}", true, true)));
        assertThat(events.infos)
                .contains("Hotswap: Ingest (svc-Ingest-1) already runs this code")
                .contains("Stack svc still records the previous CodeKeyReplayFn; the next deploy-stack without"
                        + " hotswap records " + REPLAY_NEW_KEY + " (no replacement)")
                .noneMatch(line -> line.contains("previous CodeKey;"));
    }

    @Test
    void bothModulesChangedUpdatesEachFunctionWithItsOwnBundle(AwsWireMock wire) {
        deployedMultiModule(wire, OLD_KEY);
        String replayNew = b64("dd".repeat(32));
        wire.stubLambda(
                "GET",
                FUNCTIONS + "svc-Ingest-1/configuration",
                200,
                configuration("svc-Ingest-1", OLD_SHA, "Successful", null));
        wire.stubLambda(
                "GET",
                FUNCTIONS + "svc-Echo-1/configuration",
                200,
                configuration("svc-Echo-1", b64("cc".repeat(32)), "Successful", null));
        wire.stubLambda("PUT", FUNCTIONS + ".*/code", 200, configuration("x", replayNew, "Successful", null));

        Hotswap.Result result = hotswap(wire).attempt(multiModuleRequest("events", REPLAY_NEW_KEY), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.SWAPPED);
        assertThat(ServiceScript.writes(wire))
                .containsExactlyInAnyOrder(
                        "PUT " + FUNCTIONS + "svc-Ingest-1/code", "PUT " + FUNCTIONS + "svc-Echo-1/code");
        wire.server()
                .verify(putRequestedFor(urlPathEqualTo(FUNCTIONS + "svc-Ingest-1/code"))
                        .withRequestBody(
                                equalToJson("{\"S3Bucket\":\"code\",\"S3Key\":\"" + NEW_KEY + "\"}", true, true)));
        wire.server()
                .verify(putRequestedFor(urlPathEqualTo(FUNCTIONS + "svc-Echo-1/code"))
                        .withRequestBody(equalToJson(
                                "{\"S3Bucket\":\"code\",\"S3Key\":\"" + REPLAY_NEW_KEY + "\"}", true, true)));
    }

    @Test
    void aChangedParameterBesideAnotherModulesBundleStillFallsBackNamingIt(AwsWireMock wire) {
        deployedMultiModule(wire, NEW_KEY);

        Hotswap.Result result =
                hotswap(wire).attempt(multiModuleRequest("other-events", REPLAY_NEW_KEY), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.FALLBACK);
        assertThat(result.fallbackReason()).isEqualTo("parameter EventBucket changes (events -> other-events)");
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void anotherModulesBundleWithoutADigestFallsBackNamingItsParameter(AwsWireMock wire) {
        deployedMultiModule(wire, NEW_KEY);

        Hotswap.Result result =
                hotswap(wire).attempt(multiModuleRequest("events", "streambot/replay/r2.zip"), bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.FALLBACK);
        assertThat(result.fallbackReason())
                .isEqualTo("the digest of the bundle in CodeKeyReplayFn is unknown (its key is not content-addressed,"
                        + " or the parameter has no value)");
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void aChangedTemplateFallsBack(AwsWireMock wire) {
        deployed(wire, false);
        String changed = TEMPLATE.replace("\"Handler\": \"a.C\"", "\"Handler\": \"a.D\"");

        Hotswap.Result result = hotswap(wire).attempt(request(changed, "events"), bundle(), false);

        assertThat(result.fallbackReason()).isEqualTo("the template changes");
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void aMissingStackFallsBack(AwsWireMock wire) {
        new ServiceScript(wire).absent(SVC);

        Hotswap.Result result = hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false);

        assertThat(result.fallbackReason()).isEqualTo("stack svc does not exist yet");
    }

    @Test
    void aStackWithTerminationProtectionIsRefusedUnlessForced(AwsWireMock wire) {
        deployed(wire, true);
        ingestUpdates(wire, configuration("svc-Ingest-1", NEW_SHA, "Successful", null));

        assertThatThrownBy(() -> hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false))
                .isInstanceOf(HotswapRefusedException.class)
                .hasMessageContaining("stack svc has termination protection")
                .hasMessageContaining("-Dstreambot.hotswap.force=true");
        assertThat(ServiceScript.writes(wire)).isEmpty();

        Hotswap.Result forced = hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), true);
        assertThat(forced.updatedCount()).isEqualTo(1);
    }

    @Test
    void aFailedUpdateFailsWithLambdasReason(AwsWireMock wire) {
        deployed(wire, false);
        ingestUpdates(
                wire,
                configuration("svc-Ingest-1", OLD_SHA, "Failed", "Unzipped size must be smaller than 262144000 bytes"));

        assertThatThrownBy(() -> hotswap(wire).attempt(request(TEMPLATE, "events"), bundle(), false))
                .isInstanceOf(HotswapFailedException.class)
                .hasMessage("Lambda could not update the code of Ingest (svc-Ingest-1): InvalidConfiguration:"
                        + " Unzipped size must be smaller than 262144000 bytes");
    }

    @Test
    void aDryRunNamesWhatWouldBeSwappedAndWritesNothing(AwsWireMock wire) {
        deployed(wire, false);
        ingestUpdates(wire, configuration("svc-Ingest-1", NEW_SHA, "Successful", null));
        DeployRequest dry = DeployRequest.builder(SVC, StackTemplate.parse("svc.json", TEMPLATE))
                .parameters(Map.of("EventBucket", "events"))
                .code(new CodeLocation("code", NEW_KEY, null))
                .dryRun(true)
                .build();

        Hotswap.Result result = hotswap(wire).attempt(dry, bundle(), false);

        assertThat(result.outcome()).isEqualTo(Hotswap.Outcome.DRY_RUN);
        assertThat(events.infos)
                .containsExactly(
                        "Dry run: hotswap would update the code of Ingest (svc-Ingest-1) to s3://code/" + NEW_KEY);
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void theBundlesDigestComesFromItsContentAddressedKey() {
        assertThat(bundle().sha256Base64()).isEqualTo(NEW_SHA);
        assertThat(BundleCode.of(new CodeLocation("b", "code/fn.zip", null), null))
                .isNull();
        assertThat(BundleCode.of(new CodeLocation("b", "code/fn.zip", null), "abc=")
                        .sha256Base64())
                .isEqualTo("abc=");
    }
}
