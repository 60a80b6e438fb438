package io.streambot.core.stack;

import static io.streambot.core.stack.CfnScript.STARTED;
import static io.streambot.core.stack.CfnScript.change;
import static io.streambot.core.stack.CfnScript.events;
import static io.streambot.core.stack.CfnScript.stack;
import static io.streambot.core.stack.CfnScript.stacks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One stack, several functions: the module's own bundle and another reactor module's bundle, bound by the
 * template ({@link FunctionBindings}) and filled from the modules' uploads ({@link BundleParameters}), as
 * CloudFormation receives them.
 */
@LocalAws
class MultiFunctionStackTest {
    static final String TEMPLATE =
            """
            {
              "Parameters": {
                "CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"},
                "CodeBucketReplayFn": {"Type": "String"}, "CodeKeyReplayFn": {"Type": "String"},
                "CodeVersionReplayFn": {"Type": "String", "Default": ""}
              },
              "Resources": {
                "Ingest": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "com.example.Ingest",
                  "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}}},
                "Replay": {"Type": "AWS::Lambda::Function",
                  "Metadata": {"streambot": {"bundle": "replay-fn"}},
                  "Properties": {"Handler": "com.example.Replay",
                    "Code": {"S3Bucket": {"Ref": "CodeBucketReplayFn"}, "S3Key": {"Ref": "CodeKeyReplayFn"},
                             "S3ObjectVersion": {"Ref": "CodeVersionReplayFn"}}}}
              }
            }
            """;

    final RecordingEvents events = new RecordingEvents();
    final Recorded.Time time = new Recorded.Time();
    final List<String> lookedUp = new ArrayList<>();

    @TempDir
    Path out;

    private Map<String, String> bundleParameters(StackTemplate template, Map<String, String> given) {
        return BundleParameters.of(
                template,
                "service.json",
                FunctionBindings.check(template, "service.json", "ingest-fn"),
                given,
                stem -> {
                    lookedUp.add(stem);
                    return stem.equals("ReplayFn")
                            ? new CodeLocation("code-bucket", "streambot/replay/r1.zip", "v3")
                            : null;
                });
    }

    @Test
    void eachFunctionGetsItsBundlesParametersInOneChangeSet(AwsWireMock wire) {
        StackTemplate template = StackTemplate.parse("service.json", TEMPLATE);
        CfnScript s = new CfnScript(wire);
        s.error("DescribeStacks", STARTED, 400, "ValidationError", "Stack with id svc does not exist", null);
        StackDeploymentTest.plan(
                s, "svc", "CREATE_COMPLETE", null, change("Add", "Replay", "AWS::Lambda::Function", null));
        s.on("DescribeStackEvents", "planned", events(null), null).always("DescribeStackEvents", events(null));
        s.on("ExecuteChangeSet", "planned", "", "executing")
                .on("DescribeStacks", "executing", stacks(stack("svc", "CREATE_COMPLETE", Map.of(), Map.of())), null);

        new StackDeployment(
                        wire.cloudFormation(),
                        () -> null,
                        events,
                        new Polling(Duration.ofMillis(100), Duration.ofMinutes(10), time.sleeper(), time),
                        Confirmation.notAsked())
                .deploy(DeployRequest.builder("svc", template)
                        .parameters(bundleParameters(template, Map.of()))
                        .code(new CodeLocation("code-bucket", "streambot/ingest/i1.zip", null))
                        .outputDirectory(out)
                        .build());

        assertThat(lookedUp).containsExactly("ReplayFn");
        String body = s.bodies("CreateChangeSet").get(0);
        assertThat(body)
                .containsPattern(
                        "ParameterKey=CodeKey&Parameters\\.member\\.\\d+\\.ParameterValue=streambot%2Fingest%2Fi1\\.zip|"
                                + "ParameterKey=CodeKey&Parameters\\.member\\.\\d+\\.ParameterValue=streambot/ingest/i1\\.zip")
                .containsPattern(
                        "ParameterKey=CodeBucketReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=code-bucket")
                .containsPattern(
                        "ParameterKey=CodeKeyReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=streambot(/|%2F)replay(/|%2F)r1\\.zip")
                .containsPattern("ParameterKey=CodeVersionReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=v3");
    }

    @Test
    void aBundleParameterTheUserGaveIsNotLookedUp() {
        StackTemplate template = StackTemplate.parse("service.json", TEMPLATE);
        assertThat(bundleParameters(template, Map.of("CodeKeyReplayFn", "mine.zip")))
                .isEmpty();
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aVersionTheTemplateDoesNotDeclareIsNotSent() {
        StackTemplate template = StackTemplate.parse(
                "service.json",
                TEMPLATE.replace(", \"S3ObjectVersion\": {\"Ref\": \"CodeVersionReplayFn\"}", "")
                        .replace(
                                "\"CodeVersionReplayFn\": {\"Type\": \"String\", \"Default\": \"\"}",
                                "\"Other\": {\"Type\": \"String\"}"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("CodeBucketReplayFn", "code-bucket");
        expected.put("CodeKeyReplayFn", "streambot/replay/r1.zip");
        assertThat(bundleParameters(template, Map.of())).containsExactlyEntriesOf(expected);
    }

    @Test
    void aBundleNoModuleUploadedIsRefusedNamingTheFunctionAndTheFix() {
        StackTemplate template = StackTemplate.parse(
                "service.json", TEMPLATE.replace("replay-fn", "audit-fn").replace("ReplayFn", "AuditFn"));
        assertThatThrownBy(() -> bundleParameters(template, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Code of resource Replay in service.json = 'CodeKeyAuditFn' refers to the bundle"
                        + " of a reactor module whose artifactId gives AuditFn, and no module of this build has"
                        + " uploaded one")
                .hasMessageContaining("-Dstreambot.parameter.CodeKeyAuditFn");
        assertThat(lookedUp).containsExactly("AuditFn");
    }
}
