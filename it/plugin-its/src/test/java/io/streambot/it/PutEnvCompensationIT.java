package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * put-env then deploy-stack in one child build, against CloudFormation scripted on WireMock (a stack that
 * rolls back) and DynamoDB Local (proxied through the same endpoint, since a build has one endpoint):
 * the failed deploy leaves the config as it was before the build.
 */
@LocalAws
class PutEnvCompensationIT {
    static final String STACK = "put-env-compensation";
    static final String ID = "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + STACK + "/1";
    static final String CHANGE_SET = "arn:aws:cloudformation:eu-west-3:123456789012:changeSet/streambot-1/1";

    @Test
    void aDeployThatRollsBackRestoresTheConfigPutEnvWroteInTheSameBuild(AwsWireMock wire, LocalDynamoDb dynamo) {
        assumeTrue(dynamo.endpoint().isPresent(), "needs the kit's DynamoDB to proxy it behind the scripted endpoint");
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("live-env"), EnvRecord.NAME);
        String function = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("MODE", "before-the-build"), 1, Instant.EPOCH, "put-env")
                        .toItem()));
        proxyDynamoDb(wire, dynamo);
        scriptARollback(wire);

        ChildBuild.Result result = ChildBuild.of(STACK, "rollback")
                .goals(
                        "io.streambot:streambot-maven-plugin:" + System.getProperty("streambot.version") + ":put-env",
                        "io.streambot:streambot-maven-plugin:" + System.getProperty("streambot.version")
                                + ":deploy-stack")
                .property("streambot.endpoint", wire.endpoint())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.pollInterval", "20ms")
                .property("streambot.envTable", table)
                .property("fn", function)
                .property("mode", "new-mode-value")
                .run();

        assertThat(result.succeeded()).as(result.log()).isFalse();
        assertThat(result.log())
                .contains("Wrote config of function '" + function + "' to table '" + table + "': version 2")
                .contains("Stack " + STACK + " failed: ROLLBACK_COMPLETE")
                .contains("Restored the config of function '" + function + "' in table '" + table
                        + "' to what it was before this build (version 1, now written as version 3)")
                .doesNotContain("new-mode-value", "before-the-build");
        EnvRecord now = EnvRecord.fromItem(dynamo.client()
                .getItem(b -> b.tableName(table).key(EnvRecord.key(function)).consistentRead(true))
                .item());
        assertThat(now.env()).isEqualTo(Map.of("MODE", "before-the-build"));
    }

    /** DynamoDB's JSON protocol (X-Amz-Target) goes on to DynamoDB Local; CloudFormation's form posts stay here. */
    private static void proxyDynamoDb(AwsWireMock wire, LocalDynamoDb dynamo) {
        wire.server()
                .stubFor(any(urlEqualTo("/"))
                        .atPriority(1)
                        .withHeader("X-Amz-Target", matching("DynamoDB_\\d+\\..*"))
                        .willReturn(aResponse()
                                .proxiedFrom(dynamo.endpoint().orElseThrow().toString())));
    }

    private static void scriptARollback(AwsWireMock wire) {
        wire.server()
                .stubFor(forStack("DescribeStacks", "streambot")
                        .willReturn(ok(
                                "DescribeStacks",
                                "<Stacks><member><StackName>streambot</StackName><StackId>arn:aws:cloudformation:"
                                        + "eu-west-3:1:stack/streambot/1</StackId><StackStatus>CREATE_COMPLETE"
                                        + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>"
                                        + output("ConfigTableName", "streambot-env")
                                        + "</Outputs></member></Stacks>")));
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
                        "<ChangeSetId>" + CHANGE_SET + "</ChangeSetId><Status>CREATE_COMPLETE</Status>"
                                + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes><member><Type>Resource</Type>"
                                + "<ResourceChange><Action>Add</Action><LogicalResourceId>Function</LogicalResourceId>"
                                + "<ResourceType>AWS::Lambda::Function</ResourceType></ResourceChange></member></Changes>"));
        on(
                wire,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + STACK + " does not exist"));
        on(wire, "DescribeStackEvents", "planned", null, ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, "ExecuteChangeSet", "planned", "executing", ok("ExecuteChangeSet", ""));
        on(wire, "DescribeStacks", "executing", "done", ok("DescribeStacks", stack("ROLLBACK_IN_PROGRESS")));
        on(
                wire,
                "DescribeStackEvents",
                "done",
                null,
                ok(
                        "DescribeStackEvents",
                        "<StackEvents>"
                                + event("e2", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null)
                                + event("e1", "Function", "AWS::Lambda::Function", "CREATE_FAILED", "Code not found")
                                + "</StackEvents>"));
        on(wire, "DescribeStacks", "done", null, ok("DescribeStacks", stack("ROLLBACK_COMPLETE")));
    }

    private static void on(AwsWireMock wire, String action, String state, String next, ResponseDefinitionBuilder r) {
        MappingBuilder request =
                action.equals("DescribeStacks") ? forStack(action, STACK) : AwsWireMock.cloudFormationAction(action);
        ScenarioMappingBuilder m =
                request.inScenario("stack").whenScenarioStateIs(state).willReturn(r);
        wire.server().stubFor(next == null ? m : m.willSetStateTo(next));
    }

    private static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    private static ResponseDefinitionBuilder ok(String action, String xml) {
        return CloudFormationWire.ok(action, xml);
    }

    private static String stack(String status) {
        return "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + ID + "</StackId><StackStatus>" + status
                + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Parameters></Parameters><Outputs>"
                + "</Outputs><Tags></Tags></member></Stacks>";
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
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
}
