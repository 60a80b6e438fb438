package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.streambot.it.ScriptedStack.added;
import static io.streambot.it.ScriptedStack.ok;
import static io.streambot.it.ScriptedStack.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
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
                .goals(ChildBuild.goal("put-env"), ChildBuild.goal("deploy-stack"))
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
        ScriptedStack stack = new ScriptedStack(wire, STACK, ID);
        stack.primaryStack(
                "arn:aws:cloudformation:eu-west-3:1:stack/streambot/1", output("ConfigTableName", "streambot-env"));
        stack.changeSet(Scenario.STARTED, CHANGE_SET, added("Function", "AWS::Lambda::Function"));
        stack.doesNotExistYet();
        stack.executesWhenPlanned();
        stack.on("DescribeStacks", "executing", "done", ok("DescribeStacks", stack.stack("ROLLBACK_IN_PROGRESS", "")));
        stack.events(
                "done",
                stack.event("e2", STACK, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null),
                stack.event("e1", "Function", "AWS::Lambda::Function", "CREATE_FAILED", "Code not found"));
        stack.on("DescribeStacks", "done", null, ok("DescribeStacks", stack.stack("ROLLBACK_COMPLETE", "")));
    }
}
