package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.streambot.it.ScriptedStack.added;
import static io.streambot.it.ScriptedStack.forStack;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A reactor of two function modules and a stack module deployed with one {@code mvn -T 2 deploy} at its root:
 * each function module bundles and uploads its own zip (the two in parallel), skips deploy-stack (it has no
 * template), and the stack module, ordered after them by its {@code <dependency>}s, deploys ONE change set
 * whose {@code CodeKey<Stem>} parameters name the two uploads. A second build after a change in one module
 * sends that module's bundle only. CloudFormation is scripted on WireMock, which passes S3 on to the kit's S3Mock.
 */
@LocalAws
class ReactorDeployIT {
    static final String STACK = "orders-service";
    static final String STACK_ID = "arn:aws:cloudformation:eu-west-3:000000000000:stack/" + STACK + "/1";
    static final String CHANGE_SET = "arn:aws:cloudformation:eu-west-3:000000000000:changeSet/streambot-1/1";

    @Test
    void oneDeployAtTheRootUnderTwoThreadsUploadsEachBundleAndDeploysOneChangeSet(LocalS3 s3, AwsWireMock wire)
            throws Exception {
        String bucket = s3.createBucket("reactor");
        try {
            scriptAccount(wire, s3);
            ChildBuild build = build(bucket, wire);

            ChildBuild.Result first = build.run();

            assertThat(first.succeeded()).as(first.log()).isTrue();
            assertThat(first.log())
                    .contains("MultiThreadedBuilder")
                    .contains("Skipping deploy-stack because this module has no template in src/main/cloudformation/:"
                            + " its bundle is deployed by the stack of module orders-service, which depends on it")
                    .contains("Creating stack " + STACK)
                    .contains("Stack " + STACK + " CREATE_COMPLETE");
            String ingestKey = onlyKey(s3, bucket, "ingest-fn");
            String replayKey = onlyKey(s3, bucket, "replay-fn");
            assertThat(wire.cloudFormationRequests("CreateChangeSet")).hasSize(1);
            assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).hasSize(1);
            assertThat(URLDecoder.decode(
                            wire.cloudFormationRequests("CreateChangeSet")
                                    .get(0)
                                    .getBodyAsString(),
                            StandardCharsets.UTF_8))
                    .containsPattern(
                            "ParameterKey=CodeKeyIngestFn&Parameters\\.member\\.\\d+\\.ParameterValue=" + ingestKey)
                    .containsPattern(
                            "ParameterKey=CodeKeyReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=" + replayKey)
                    .containsPattern(
                            "ParameterKey=CodeBucketReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=" + bucket);

            Path handler = first.directory().resolve("replay-fn/src/main/java/com/example/replay/ReplayHandler.java");
            Files.writeString(handler, Files.readString(handler).replace("\"replay \"", "\"replayed \""));
            wire.server().resetAll();
            scriptAccount(wire, s3);

            ChildBuild.Result second = build.run();

            assertThat(second.succeeded()).as(second.log()).isTrue();
            assertThat(second.log())
                    .contains("already uploaded to s3://" + bucket + "/" + ingestKey)
                    .doesNotContain("already uploaded to s3://" + bucket + "/" + replayKey);
            assertThat(keys(s3, bucket, "ingest-fn")).containsExactly(ingestKey);
            List<String> replayKeys = keys(s3, bucket, "replay-fn");
            assertThat(replayKeys).hasSize(2).contains(replayKey);
            String newReplayKey = replayKeys.stream()
                    .filter(k -> !k.equals(replayKey))
                    .findFirst()
                    .orElseThrow();
            assertThat(second.log()).contains("Uploading s3://" + bucket + "/" + newReplayKey);
            assertThat(wire.cloudFormationRequests("CreateChangeSet")).hasSize(1);
            assertThat(URLDecoder.decode(
                            wire.cloudFormationRequests("CreateChangeSet")
                                    .get(0)
                                    .getBodyAsString(),
                            StandardCharsets.UTF_8))
                    .containsPattern(
                            "ParameterKey=CodeKeyReplayFn&Parameters\\.member\\.\\d+\\.ParameterValue=" + newReplayKey);
        } finally {
            emptyAndDelete(s3, bucket);
        }
    }

    private static ChildBuild build(String bucket, AwsWireMock wire) {
        return ChildBuild.of("reactor-deploy", null)
                .goals("-T", "2", "deploy")
                .property("streambot.endpoint", wire.endpoint())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.bucket", bucket)
                .property("streambot.pollInterval", "20ms");
    }

    private static String onlyKey(LocalS3 s3, String bucket, String module) {
        List<String> keys = keys(s3, bucket, module);
        assertThat(keys).as("the bundles of %s", module).hasSize(1);
        return keys.get(0);
    }

    private static List<String> keys(LocalS3 s3, String bucket, String module) {
        return s3.client().listObjectsV2(b -> b.bucket(bucket).prefix("streambot/" + module + "/")).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    /** CloudFormation as an account with the primary streambot stack and no service stack yet; S3 behind it. */
    private static void scriptAccount(AwsWireMock wire, LocalS3 s3) {
        wire.server()
                .stubFor(any(anyUrl())
                        .atPriority(100)
                        .willReturn(aResponse()
                                .proxiedFrom(s3.endpoint().orElseThrow().toString())));
        wire.server()
                .stubFor(forStack("DescribeStacks", "streambot")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks",
                                "<Stacks><member><StackName>streambot</StackName><StackId>arn:aws:cloudformation:"
                                        + "eu-west-3:000000000000:stack/streambot/1</StackId><StackStatus>"
                                        + "CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z"
                                        + "</CreationTime><Outputs/></member></Stacks>")));
        on(
                wire,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + STACK + " does not exist"));
        on(
                wire,
                "CreateChangeSet",
                Scenario.STARTED,
                "planned",
                CloudFormationWire.ok(
                        "CreateChangeSet", "<Id>" + CHANGE_SET + "</Id><StackId>" + STACK_ID + "</StackId>"));
        on(
                wire,
                "DescribeChangeSet",
                "planned",
                null,
                CloudFormationWire.ok(
                        "DescribeChangeSet",
                        "<ChangeSetId>" + CHANGE_SET + "</ChangeSetId><Status>CREATE_COMPLETE</Status>"
                                + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>"
                                + added("Ingest", "AWS::Lambda::Function") + added("Replay", "AWS::Lambda::Function")
                                + "</Changes>"));
        on(
                wire,
                "DescribeStackEvents",
                "planned",
                null,
                CloudFormationWire.ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, "ExecuteChangeSet", "planned", "executing", CloudFormationWire.ok("ExecuteChangeSet", ""));
        on(
                wire,
                "DescribeStacks",
                "executing",
                null,
                CloudFormationWire.ok(
                        "DescribeStacks",
                        "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + STACK_ID
                                + "</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>"
                                + "2026-01-01T00:00:00Z</CreationTime><Outputs/></member></Stacks>"));
        on(
                wire,
                "DescribeStackEvents",
                "executing",
                null,
                CloudFormationWire.ok(
                        "DescribeStackEvents",
                        "<StackEvents><member><EventId>e1</EventId><StackName>" + STACK + "</StackName><StackId>"
                                + STACK_ID + "</StackId><LogicalResourceId>" + STACK + "</LogicalResourceId>"
                                + "<PhysicalResourceId>" + STACK_ID + "</PhysicalResourceId><ResourceType>"
                                + "AWS::CloudFormation::Stack</ResourceType><Timestamp>2026-12-01T08:00:01Z</Timestamp>"
                                + "<ResourceStatus>CREATE_COMPLETE</ResourceStatus></member></StackEvents>"));
    }

    private static void emptyAndDelete(LocalS3 s3, String bucket) {
        for (S3Object o : s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()) {
            s3.client().deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        s3.client().deleteBucket(b -> b.bucket(bucket));
    }

    private static void on(
            AwsWireMock wire, String action, String state, String next, ResponseDefinitionBuilder response) {
        new ScriptedStack(wire, STACK, STACK_ID).on(action, state, next, response);
    }
}
