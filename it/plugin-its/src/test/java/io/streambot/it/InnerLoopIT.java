package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LambdaWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LogsWire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inner loop in child builds against CloudFormation, Lambda and CloudWatch Logs scripted on WireMock
 * in their wire formats: a code change goes live through hotswap with one write, a changed parameter falls
 * back to the change set, a protected stack is refused; logs prints the function's lines; a remote invoke
 * prints the result or fails with the function's error; teardown deletes the stack.
 */
@LocalAws
class InnerLoopIT {
    static final String STACK = "inner-loop";
    static final String ID = "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + STACK + "/1";
    static final String FN = "inner-loop-Function-1A2B";
    static final String FUNCTIONS = "/2015-03-31/functions/" + FN;
    static final String OLD_KEY = "streambot/inner-loop/" + "a".repeat(64) + ".zip";
    static final String NEW_KEY = "streambot/inner-loop/" + "b".repeat(64) + ".zip";
    static final String OLD_SHA = sha("a".repeat(64));
    static final String NEW_SHA = sha("b".repeat(64));

    @Test
    void hotswapPutsACodeOnlyChangeLiveWithOneWrite(AwsWireMock wire) throws Exception {
        deployed(wire, "my-events", false);
        wire.server()
                .stubFor(lambda("GET", "/configuration", Scenario.STARTED, null, configuration(OLD_SHA, "Successful")));
        wire.server()
                .stubFor(lambda("PUT", "/code", Scenario.STARTED, "updating", configuration(NEW_SHA, "InProgress")));
        wire.server()
                .stubFor(lambda("GET", "/configuration", "updating", "updated", configuration(NEW_SHA, "InProgress")));
        wire.server().stubFor(lambda("GET", "/configuration", "updated", null, configuration(NEW_SHA, "Successful")));

        ChildBuild.Result result = build("hotswap", "deploy-stack")
                .property("streambot.hotswap", true)
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Hotswapped Function (" + FN + ") to " + NEW_KEY + " in ")
                .contains("Hotswap of stack inner-loop: 1 function updated, 0 already current")
                .contains("the next deploy-stack without hotswap records " + NEW_KEY);
        assertThat(writes(wire)).containsExactly("PUT " + FUNCTIONS + "/code");
        assertThat(wire.lambdaRequests("PUT", FUNCTIONS + "/code").get(0).getBodyAsString())
                .contains("\"S3Key\":\"" + NEW_KEY + "\"");
    }

    @Test
    void hotswapFallsBackToTheChangeSetNamingTheDifference(AwsWireMock wire) {
        deployed(wire, "old-events", false);
        wire.stubCloudFormationError("CreateChangeSet", 400, "ValidationError", "scripted: stop at the change set");

        ChildBuild.Result result = build("hotswap-fallback", "deploy-stack")
                .property("streambot.hotswap", true)
                .run();

        assertThat(result.log())
                .contains("Hotswap not possible: parameter EventBucket changes (old-events -> my-events); deploying"
                        + " through a change set");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).hasSize(1);
        assertThat(wire.lambdaRequests("PUT", ".*")).isEmpty();
    }

    @Test
    void hotswapIsRefusedOnAStackWithTerminationProtection(AwsWireMock wire) {
        deployed(wire, "my-events", true);

        ChildBuild.Result result = build("hotswap-protected", "deploy-stack")
                .property("streambot.hotswap", true)
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("Hotswap refused: stack inner-loop has termination protection")
                .contains("-Dstreambot.hotswap.force=true");
        assertThat(writes(wire)).isEmpty();
    }

    @Test
    void logsPrintsTheFunctionsLinesPrefixedByItsLogicalId(AwsWireMock wire) {
        deployed(wire, "my-events", false);
        long now = Instant.now().toEpochMilli();
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/" + FN)
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(
                                null,
                                LogsWire.event(
                                        "1", now - 2000, "s", "streambot: config of function loaded (version 1)"),
                                LogsWire.event("2", now - 1000, "s", "wrote 3 records")))));

        ChildBuild.Result result =
                build("logs", "logs").property("streambot.logs.since", "5m").run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Logs of stack inner-loop since ")
                .containsPattern(
                        "\\[Function] \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\*\\* streambot: config of function loaded")
                .containsPattern("\\[Function] \\d\\d:\\d\\d:\\d\\d\\.\\d{3} wrote 3 records");
    }

    @Test
    void remoteInvokePrintsTheResultAndTheBilledDuration(AwsWireMock wire) {
        deployed(wire, "my-events", false);
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("POST", FUNCTIONS + "/invocations")
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader(
                                        "X-Amz-Log-Result",
                                        tail("REPORT RequestId: r\tDuration: 8.5 ms\tBilled Duration: 9 ms\t"))
                                .withBody("{\"written\":1}")));

        ChildBuild.Result result = build("invoke", "invoke")
                .property("streambot.remote", true)
                .property("streambot.invoke.event", "events/kinesis.json")
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Invoking Function (" + FN + ") of stack inner-loop")
                .contains("Result (duration 8.5 ms, billed 9 ms): {\"written\":1}");
    }

    @Test
    void remoteInvokeFailsWithTheFunctionsErrorAndItsLogTail(AwsWireMock wire) {
        deployed(wire, "my-events", false);
        wire.server()
                .stubFor(
                        AwsWireMock.lambdaRequest("POST", FUNCTIONS + "/invocations")
                                .willReturn(
                                        aResponse()
                                                .withStatus(200)
                                                .withHeader("X-Amz-Function-Error", "Unhandled")
                                                .withHeader(
                                                        "X-Amz-Log-Result",
                                                        tail(
                                                                "java.lang.IllegalStateException: no EventBucket",
                                                                "REPORT RequestId: r\tDuration: 2.0 ms\tBilled Duration: 2 ms\t"))
                                                .withBody(
                                                        "{\"errorMessage\":\"no EventBucket\",\"errorType\":\"java.lang.IllegalStateException\"}")));

        ChildBuild.Result result = build("invoke-error", "invoke")
                .property("streambot.remote", true)
                .property("streambot.invoke.event", "events/kinesis.json")
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("  java.lang.IllegalStateException: no EventBucket")
                .contains("The deployed function Function failed (duration 2.0 ms, billed 2 ms):"
                        + " java.lang.IllegalStateException: no EventBucket");
    }

    @Test
    void teardownDeletesTheStackStreamingItsEvents(AwsWireMock wire) {
        String stacks = stacks("UPDATE_COMPLETE", "my-events", false);
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks)));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DeleteStack")
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("deleted")
                        .willReturn(CloudFormationWire.ok("DeleteStack", "")));
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("delete")
                        .whenScenarioStateIs("deleted")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks", stacks("DELETE_COMPLETE", "my-events", false))));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeStackEvents")
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(CloudFormationWire.ok("DescribeStackEvents", "<StackEvents/>")));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeStackEvents")
                        .inScenario("delete")
                        .whenScenarioStateIs("deleted")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStackEvents",
                                "<StackEvents><member><EventId>e1</EventId><StackName>" + STACK
                                        + "</StackName><StackId>"
                                        + ID + "</StackId><LogicalResourceId>Function</LogicalResourceId>"
                                        + "<PhysicalResourceId>" + FN + "</PhysicalResourceId><ResourceType>"
                                        + "AWS::Lambda::Function</ResourceType><Timestamp>2026-11-21T08:00:01Z</Timestamp>"
                                        + "<ResourceStatus>DELETE_COMPLETE</ResourceStatus></member></StackEvents>")));
        wire.stubCloudFormation("ListExports", "<Exports/>");
        resources(wire);

        ChildBuild.Result result = build("teardown", "teardown")
                .property("streambot.teardown.config", false)
                .property("streambot.teardown.code", false)
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Deleting stack inner-loop")
                .contains("Function                     AWS::Lambda::Function            DELETE_COMPLETE")
                .contains("Stack inner-loop deleted")
                .contains("Teardown of inner-loop: stack deleted, 0 config records and 0 code objects deleted");
        assertThat(writes(wire)).containsExactly("DeleteStack");
    }

    @Test
    void teardownRefusesAStackWithTerminationProtectionNamingTheFix(AwsWireMock wire) {
        deployed(wire, "my-events", true);

        ChildBuild.Result result = build("teardown-protected", "teardown")
                .property("streambot.teardown.config", false)
                .property("streambot.teardown.code", false)
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("Stack inner-loop has termination protection, so teardown deleted nothing")
                .contains("mvn streambot:deploy-stack -Dstreambot.terminationProtection=false");
        assertThat(writes(wire)).isEmpty();
    }

    @Test
    void teardownDryRunListsTheStackAndDeletesNothing(AwsWireMock wire) {
        deployed(wire, "my-events", false);
        wire.stubCloudFormation("ListExports", "<Exports/>");

        ChildBuild.Result result = build("teardown-dry-run", "teardown")
                .property("streambot.dryRun", true)
                .property("streambot.teardown.config", false)
                .property("streambot.teardown.code", false)
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("Dry run: teardown of inner-loop would delete:")
                .contains("  stack inner-loop (UPDATE_COMPLETE, functions: Function)");
        assertThat(writes(wire)).isEmpty();
    }

    private static ChildBuild build(String suffix, String goal) {
        return ChildBuild.of(STACK, suffix)
                .goals(ChildBuild.goal(goal))
                .property("streambot.endpoint", AwsWireMock.get().endpoint())
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.pollInterval", "20ms");
    }

    /** The deployed stack: CodeKey is OLD_KEY, EventBucket {@code eventBucket}; the template is the project's. */
    private static void deployed(AwsWireMock wire, String eventBucket, boolean protectedStack) {
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks", stacks("UPDATE_COMPLETE", eventBucket, protectedStack))));
        try {
            String template = Files.readString(Path.of(System.getProperty("it.projects"))
                    .resolve(STACK + "/src/main/cloudformation/service.json"));
            wire.stubCloudFormation(
                    "GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(template) + "</TemplateBody>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        resources(wire);
    }

    private static void resources(AwsWireMock wire) {
        wire.stubCloudFormation(
                "ListStackResources",
                "<StackResourceSummaries><member><LogicalResourceId>Function</LogicalResourceId><PhysicalResourceId>"
                        + FN
                        + "</PhysicalResourceId><ResourceType>AWS::Lambda::Function</ResourceType><ResourceStatus>"
                        + "UPDATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-01-01T00:00:00Z"
                        + "</LastUpdatedTimestamp></member></StackResourceSummaries>");
    }

    private static String stacks(String status, String eventBucket, boolean protectedStack) {
        return "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + ID + "</StackId><StackStatus>" + status
                + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><EnableTerminationProtection>"
                + protectedStack + "</EnableTerminationProtection><Parameters>" + param("EventBucket", eventBucket)
                + param("CodeBucket", "code-bucket") + param("CodeKey", OLD_KEY) + "</Parameters></member></Stacks>";
    }

    private static String param(String key, String value) {
        return "<member><ParameterKey>" + key + "</ParameterKey><ParameterValue>" + value
                + "</ParameterValue></member>";
    }

    private static MappingBuilder forStack(String action) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + STACK + "(&|%2F|/|$).*"));
    }

    private static MappingBuilder lambda(String method, String suffix, String state, String next, String json) {
        var m = AwsWireMock.lambdaRequest(method, FUNCTIONS + suffix)
                .inScenario("function")
                .whenScenarioStateIs(state)
                .willReturn(LambdaWire.json(200, json));
        return next == null ? m : m.willSetStateTo(next);
    }

    private static String configuration(String sha, String lastUpdateStatus) {
        return "{\"FunctionName\":\"" + FN + "\",\"CodeSha256\":\"" + sha + "\",\"State\":\"Active\","
                + "\"LastUpdateStatus\":\"" + lastUpdateStatus + "\"}";
    }

    private static String sha(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static String tail(String... lines) {
        return Base64.getEncoder().encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    /** CloudFormation's Create/Update/Delete/Execute actions and Lambda's non-GET calls but Invoke. */
    private static List<String> writes(AwsWireMock wire) {
        List<String> writes = new ArrayList<>();
        for (ServeEvent e : wire.server().getAllServeEvents()) {
            String url = e.getRequest().getUrl();
            String method = e.getRequest().getMethod().getName();
            if (url.startsWith("/2015-03-31/")) {
                if (!method.equals("GET") && !url.endsWith("/invocations")) {
                    writes.add(method + " " + url);
                }
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "(?:^|&)Action=((Create|Update|Delete|Execute)[A-Za-z]*)")
                    .matcher(e.getRequest().getBodyAsString());
            if (m.find()) {
                writes.add(m.group(1));
            }
        }
        return writes;
    }
}
