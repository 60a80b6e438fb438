package io.streambot.it;

import static io.streambot.it.ScriptedStack.added;
import static io.streambot.it.ScriptedStack.forStack;
import static io.streambot.it.ScriptedStack.ok;
import static io.streambot.it.ScriptedStack.output;
import static io.streambot.it.ScriptedStack.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LocalAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The deploy-stack goal in a child build against CloudFormation scripted on WireMock in its wire format:
 * a service written like seed 000 is created with its automatic parameters, fails with the custom
 * resource's reason, is found up to date without a write, and stops on a missing parameter.
 */
@LocalAws
class DeployStackIT {
    static final String STACK = "deploy-stack-service";
    static final String ID = "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + STACK + "/1";
    static final String CHANGE_SET = "arn:aws:cloudformation:eu-west-3:123456789012:changeSet/streambot-1/1";
    static final String PRIMARY_OUTPUTS =
            output("StreambotEnvFunctionArn", "arn:aws:lambda:eu-west-3:123456789012:function:env")
                    + output("StreambotConnectorFunctionArn", "arn:aws:lambda:eu-west-3:123456789012:function:conn")
                    + output("ConfigTableName", "streambot-env");

    @Test
    void createsAServiceStackWithItsAutomaticParametersAndExportsTheOutputs(AwsWireMock wire) throws Exception {
        scriptACreate(
                wire,
                "CREATE_IN_PROGRESS",
                "CREATE_COMPLETE",
                output("StreamName", "svc-stream-1"),
                s -> s.event("e2", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null)
                        + s.event("e1", "Config", "Custom::StreambotEnv", "CREATE_COMPLETE", null));

        ChildBuild.Result result = build("create")
                .goals("org.apache.maven.plugins:maven-antrun-plugin:3.1.0:run@show-outputs")
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Parameter CodeKey = streambot/deploy-stack-service/0123abcd.zip (automatic)")
                .contains("Parameter StreambotEnvFunctionArn = arn:aws:lambda:eu-west-3:123456789012:function:env"
                        + " (automatic)")
                .contains("Creating stack deploy-stack-service: 1 change")
                .contains("Config                       Custom::StreambotEnv             CREATE_COMPLETE")
                .contains("Stack deploy-stack-service CREATE_COMPLETE")
                .contains("StreamName = svc-stream-1")
                .contains("exported StreamName=svc-stream-1");
        String create = body(wire, "CreateChangeSet");
        assertThat(create)
                .contains("TemplateBody=AWSTemplateFormatVersion")
                .contains("ParameterKey=CodeBucket&Parameters.member.2.ParameterValue=code-bucket")
                .contains("ParameterValue=arn:aws:lambda:eu-west-3:123456789012:function:conn")
                .contains("Capabilities.member.1=CAPABILITY_IAM")
                .contains("Tags.member.1.Key=team");
        Path exported = result.directory().resolve("target/streambot/stack-deploy-stack-service.json");
        assertThat(Files.readString(exported)).contains("\"StreamName\" : \"svc-stream-1\"");
    }

    @Test
    void aRollbackFailsTheBuildWithTheCustomResourcesReason(AwsWireMock wire) {
        String reason = "Received response status [FAILED] from custom resource. Message returned:"
                + " StreamArn is not a Kinesis stream";
        scriptACreate(
                wire,
                "ROLLBACK_IN_PROGRESS",
                "ROLLBACK_COMPLETE",
                "",
                s -> s.event("e3", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null)
                        + s.event(
                                "e2",
                                "Function",
                                "AWS::Lambda::Function",
                                "CREATE_FAILED",
                                "Resource creation cancelled")
                        + s.event("e1", "Connector", "Custom::StreambotConnector", "CREATE_FAILED", reason));

        ChildBuild.Result result = build("rollback").run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("Stack deploy-stack-service failed: ROLLBACK_COMPLETE; first failure: Connector"
                        + " (Custom::StreambotConnector) CREATE_FAILED: " + reason)
                .contains("BUILD FAILURE");
    }

    @Test
    void anUnchangedStackIsUpToDateAndNothingIsWritten(AwsWireMock wire) throws Exception {
        String template = Files.readString(Path.of(System.getProperty("it.projects"))
                .resolve("deploy-stack-service/src/main/cloudformation/service.yaml"));
        ScriptedStack stack = scripted(wire);
        wire.server()
                .stubFor(forStack("DescribeStacks", STACK)
                        .willReturn(ok(
                                "DescribeStacks",
                                stack.stack(
                                        "UPDATE_COMPLETE",
                                        "",
                                        param("EventBucket", "my-events")
                                                + param("EventPrefix", "events/")
                                                + param("CodeBucket", "code-bucket")
                                                + param("CodeKey", "streambot/deploy-stack-service/0123abcd.zip")
                                                + param(
                                                        "StreambotEnvFunctionArn",
                                                        "arn:aws:lambda:eu-west-3:123456789012:function:env")
                                                + param(
                                                        "StreambotConnectorFunctionArn",
                                                        "arn:aws:lambda:eu-west-3:123456789012:function:conn"),
                                        "<member><Key>team</Key><Value>data</Value></member>"))));
        wire.stubCloudFormation("GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(template) + "</TemplateBody>");

        ChildBuild.Result result = build("up-to-date").run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log()).contains("Stack deploy-stack-service is up to date");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).isEmpty();
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
    }

    @Test
    void aMissingParameterFailsBeforeAnyWriteNamingIt(AwsWireMock wire) {
        scripted(wire).doesNotExistYet();

        ChildBuild.Result result = build("missing-parameter")
                .property("streambot.template", "extra/needs-retention.yaml")
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("<parameters> (-Dstreambot.parameter.RetentionHours) gives no value for RetentionHours")
                .contains("set <parameters><RetentionHours>...</RetentionHours></parameters>");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).isEmpty();
        assertThat(wire.server().getAllServeEvents())
                .allMatch(e -> e.getRequest().getBodyAsString().contains("Action=DescribeStacks"));
    }

    @Test
    void aStackLeftInRollbackCompleteIsDeletedAndCreatedAgain(AwsWireMock wire) {
        ScriptedStack stack = scripted(wire);
        String old = stack.event("e1", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null);
        stack.on("DescribeStacks", Scenario.STARTED, null, ok("DescribeStacks", stack.stack("ROLLBACK_COMPLETE", "")));
        stack.events(Scenario.STARTED, old);
        stack.on("DeleteStack", Scenario.STARTED, "deleting", ok("DeleteStack", ""));
        stack.on("DescribeStacks", "deleting", "deleted", ok("DescribeStacks", stack.stack("DELETE_COMPLETE", "")));
        stack.events("deleted", stack.event("e2", STACK, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null), old);
        stack.changeSet("deleted", CHANGE_SET, added("Config", "Custom::StreambotEnv"));
        stack.executesWhenPlanned();
        stack.on("DescribeStacks", "executing", null, ok("DescribeStacks", stack.stack("CREATE_COMPLETE", "")));
        stack.events("executing", stack.event("e3", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null));

        ChildBuild.Result result = build("rollback-complete").run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Stack deploy-stack-service is in ROLLBACK_COMPLETE after a failed first create")
                .contains("deploy-stack-service         AWS::CloudFormation::Stack       DELETE_COMPLETE")
                .contains("Stack deploy-stack-service deleted; creating it again")
                .contains("Stack deploy-stack-service CREATE_COMPLETE");
        assertThat(body(wire, "CreateChangeSet")).contains("ChangeSetType=CREATE");
    }

    private static ChildBuild build(String suffix) {
        return ChildBuild.of("deploy-stack-service", suffix)
                .goals(ChildBuild.goal("deploy-stack"))
                .property("streambot.endpoint", AwsWireMock.get().endpoint())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.pollInterval", "20ms");
    }

    /** This IT's service stack, on an account with the primary stack. */
    private static ScriptedStack scripted(AwsWireMock wire) {
        ScriptedStack stack = new ScriptedStack(wire, STACK, ID);
        stack.primaryStack("arn:aws:cloudformation:eu-west-3:1:stack/streambot/1", PRIMARY_OUTPUTS);
        return stack;
    }

    /**
     * A first create of the service stack: planned with one change, executed, then {@code inProgress}, the
     * given events, and {@code result} with {@code outputs}.
     */
    private static void scriptACreate(
            AwsWireMock wire,
            String inProgress,
            String result,
            String outputs,
            java.util.function.Function<ScriptedStack, String> events) {
        ScriptedStack stack = scripted(wire);
        stack.changeSet(Scenario.STARTED, CHANGE_SET, added("Config", "Custom::StreambotEnv"));
        stack.doesNotExistYet();
        stack.executesWhenPlanned();
        stack.on("DescribeStacks", "executing", "done", ok("DescribeStacks", stack.stack(inProgress, "")));
        stack.events("done", events.apply(stack));
        stack.on("DescribeStacks", "done", null, ok("DescribeStacks", stack.stack(result, outputs)));
    }

    private static String body(AwsWireMock wire, String action) {
        return URLDecoder.decode(wire.cloudFormationRequests(action).get(0).getBodyAsString(), StandardCharsets.UTF_8);
    }
}
