package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
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
        scriptPrimaryStack(wire);
        scriptChangeSet(wire);
        on(
                wire,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + STACK + " does not exist"));
        on(wire, "DescribeStackEvents", "planned", null, ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, "ExecuteChangeSet", "planned", "executing", ok("ExecuteChangeSet", ""));
        on(wire, "DescribeStacks", "executing", "done", ok("DescribeStacks", stack("CREATE_IN_PROGRESS", "")));
        on(
                wire,
                "DescribeStackEvents",
                "done",
                null,
                ok(
                        "DescribeStackEvents",
                        "<StackEvents>"
                                + event("e2", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null)
                                + event("e1", "Config", "Custom::StreambotEnv", "CREATE_COMPLETE", null)
                                + "</StackEvents>"));
        on(
                wire,
                "DescribeStacks",
                "done",
                null,
                ok("DescribeStacks", stack("CREATE_COMPLETE", output("StreamName", "svc-stream-1"))));

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
        scriptPrimaryStack(wire);
        scriptChangeSet(wire);
        on(
                wire,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + STACK + " does not exist"));
        on(wire, "DescribeStackEvents", "planned", null, ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, "ExecuteChangeSet", "planned", "executing", ok("ExecuteChangeSet", ""));
        on(wire, "DescribeStacks", "executing", "done", ok("DescribeStacks", stack("ROLLBACK_IN_PROGRESS", "")));
        on(
                wire,
                "DescribeStackEvents",
                "done",
                null,
                ok(
                        "DescribeStackEvents",
                        "<StackEvents>"
                                + event("e3", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null)
                                + event(
                                        "e2",
                                        "Function",
                                        "AWS::Lambda::Function",
                                        "CREATE_FAILED",
                                        "Resource creation cancelled")
                                + event("e1", "Connector", "Custom::StreambotConnector", "CREATE_FAILED", reason)
                                + "</StackEvents>"));
        on(wire, "DescribeStacks", "done", null, ok("DescribeStacks", stack("ROLLBACK_COMPLETE", "")));

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
        scriptPrimaryStack(wire);
        wire.server()
                .stubFor(forStack("DescribeStacks", STACK)
                        .willReturn(ok(
                                "DescribeStacks",
                                stack(
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
        scriptPrimaryStack(wire);
        on(
                wire,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + STACK + " does not exist"));

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
        scriptPrimaryStack(wire);
        String old = event("e1", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null);
        on(wire, "DescribeStacks", Scenario.STARTED, null, ok("DescribeStacks", stack("ROLLBACK_COMPLETE", "")));
        on(
                wire,
                "DescribeStackEvents",
                Scenario.STARTED,
                null,
                ok("DescribeStackEvents", "<StackEvents>" + old + "</StackEvents>"));
        on(wire, "DeleteStack", Scenario.STARTED, "deleting", ok("DeleteStack", ""));
        on(wire, "DescribeStacks", "deleting", "deleted", ok("DescribeStacks", stack("DELETE_COMPLETE", "")));
        on(
                wire,
                "DescribeStackEvents",
                "deleted",
                null,
                ok(
                        "DescribeStackEvents",
                        "<StackEvents>" + event("e2", STACK, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null)
                                + old + "</StackEvents>"));
        on(
                wire,
                "CreateChangeSet",
                "deleted",
                "planned",
                ok("CreateChangeSet", "<Id>" + CHANGE_SET + "</Id><StackId>" + ID + "</StackId>"));
        scriptChangeSet(wire);
        on(wire, "DescribeStackEvents", "planned", null, ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, "ExecuteChangeSet", "planned", "executing", ok("ExecuteChangeSet", ""));
        on(wire, "DescribeStacks", "executing", null, ok("DescribeStacks", stack("CREATE_COMPLETE", "")));
        on(
                wire,
                "DescribeStackEvents",
                "executing",
                null,
                ok(
                        "DescribeStackEvents",
                        "<StackEvents>" + event("e3", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null)
                                + "</StackEvents>"));

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
                .goals("io.streambot:streambot-maven-plugin:" + System.getProperty("streambot.version")
                        + ":deploy-stack")
                .property("streambot.endpoint", AwsWireMock.get().endpoint())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.pollInterval", "20ms");
    }

    private static void scriptPrimaryStack(AwsWireMock wire) {
        wire.server()
                .stubFor(forStack("DescribeStacks", "streambot")
                        .willReturn(ok(
                                "DescribeStacks",
                                "<Stacks><member><StackName>streambot</StackName><StackId>arn:aws:cloudformation:eu-west-3:1:stack/"
                                        + "streambot/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>"
                                        + "2026-01-01T00:00:00Z</CreationTime><Outputs>" + PRIMARY_OUTPUTS
                                        + "</Outputs></member></Stacks>")));
    }

    private static void scriptChangeSet(AwsWireMock wire) {
        on(
                wire,
                "CreateChangeSet",
                Scenario.STARTED,
                "planned",
                ok("CreateChangeSet", "<Id>" + CHANGE_SET + "</Id><StackId>" + ID + "</StackId>"));
        on(
                wire,
                "DescribeChangeSet",
                "planned",
                null,
                ok(
                        "DescribeChangeSet",
                        "<ChangeSetId>" + CHANGE_SET
                                + "</ChangeSetId><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>"
                                + "<Changes><member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>"
                                + "Config</LogicalResourceId><ResourceType>Custom::StreambotEnv</ResourceType></ResourceChange>"
                                + "</member></Changes>"));
    }

    private static void on(
            AwsWireMock wire,
            String action,
            String state,
            String next,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        // DescribeStacks is also asked about the primary stack, answered by scriptPrimaryStack.
        MappingBuilder request =
                action.equals("DescribeStacks") ? forStack(action, STACK) : AwsWireMock.cloudFormationAction(action);
        ScenarioMappingBuilder m =
                request.inScenario("stack").whenScenarioStateIs(state).willReturn(response);
        wire.server().stubFor(next == null ? m : m.willSetStateTo(next));
    }

    private static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String action, String xml) {
        return CloudFormationWire.ok(action, xml);
    }

    private static String stack(String status, String outputs) {
        return stack(status, outputs, "", "");
    }

    private static String stack(String status, String outputs, String parameters, String tags) {
        return "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + ID + "</StackId><StackStatus>" + status
                + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Parameters>" + parameters
                + "</Parameters><Outputs>" + outputs + "</Outputs><Tags>" + tags + "</Tags></member></Stacks>";
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    private static String param(String key, String value) {
        return "<member><ParameterKey>" + key + "</ParameterKey><ParameterValue>" + value
                + "</ParameterValue></member>";
    }

    private static String event(String id, String logicalId, String type, String status, String reason) {
        return "<member><EventId>" + id + "</EventId><StackName>" + STACK + "</StackName><StackId>" + ID
                + "</StackId><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + (logicalId.equals(STACK) ? ID : logicalId + "-1") + "</PhysicalResourceId><ResourceType>" + type
                + "</ResourceType><Timestamp>2026-11-21T08:00:0" + id.substring(1) + "Z</Timestamp><ResourceStatus>"
                + status + "</ResourceStatus>"
                + (reason == null
                        ? ""
                        : "<ResourceStatusReason>" + CloudFormationWire.xml(reason) + "</ResourceStatusReason>")
                + "</member>";
    }

    private static String body(AwsWireMock wire, String action) {
        return URLDecoder.decode(wire.cloudFormationRequests(action).get(0).getBodyAsString(), StandardCharsets.UTF_8);
    }
}
