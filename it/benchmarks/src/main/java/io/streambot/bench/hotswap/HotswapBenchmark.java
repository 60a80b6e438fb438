package io.streambot.bench.hotswap;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.bench.Benchmark;
import io.streambot.bench.Stats;
import io.streambot.core.Events;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.hotswap.BundleCode;
import io.streambot.core.hotswap.Hotswap;
import io.streambot.core.stack.CodeLocation;
import io.streambot.core.stack.Confirmation;
import io.streambot.core.stack.DeployRequest;
import io.streambot.core.stack.Polling;
import io.streambot.core.stack.StackDeployment;
import io.streambot.core.stack.StackTemplate;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.LambdaWire;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same change, a new zip for a one-function service, deployed by hotswap and by the change-set
 * deploy, both against CloudFormation and Lambda scripted on the kit's WireMock behind its counting
 * proxy: the requests each sends, how many of them write, and how many waits (polls) each needs when
 * every asynchronous step (change-set creation, stack update, function update) reports "in progress"
 * exactly once. Waits are recorded, not slept: the deployed service answers at once, so the wall time
 * is the client's own cost per deploy; in AWS each wait is a poll interval (3 s for CloudFormation by
 * default, 0.5 s for a hotswap's Lambda update) on top of the service's own work.
 */
public final class HotswapBenchmark implements Benchmark {
    private static final int ROUNDS = 5;
    private static final String STACK = "svc";
    private static final String ID = "arn:aws:cloudformation:eu-west-3:123456789012:stack/svc/1";
    private static final String CHANGE_SET = "arn:aws:cloudformation:eu-west-3:123456789012:changeSet/streambot-1/1";
    private static final String FN = "svc-Function-1";
    private static final String OLD_KEY = "streambot/svc/" + "a".repeat(64) + ".zip";
    private static final String NEW_KEY = "streambot/svc/" + "b".repeat(64) + ".zip";
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
    private static final String TEMPLATE =
            """
            {"Parameters": {"CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"}},
             "Resources": {"Function": {"Type": "AWS::Lambda::Function", "Properties": {
               "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}},
               "Handler": "a.B", "Runtime": "java17", "Role": "arn:aws:iam::123456789012:role/fn"}}}}
            """;

    @Override
    public String name() {
        return "hotswap";
    }

    @Override
    public String description() {
        return "A code-only change to a one-function stack: deploy-stack with -Dstreambot.hotswap=true vs the"
                + " change-set deploy, on CloudFormation and Lambda scripted on WireMock behind the kit's counting"
                + " proxy, every asynchronous step in progress once; requests, writes and sequential round trips"
                + " counted; waits recorded, not slept; client time is the median of " + ROUNDS
                + " interleaved rounds.";
    }

    /** What one deploy cost. */
    private record Cost(int requests, int writes, int waits, long nanos, List<String> calls) {}

    @Override
    public List<Row> run() throws Exception {
        AwsWireMock wire = AwsWireMock.get();
        List<Long> hotswapNanos = new ArrayList<>();
        List<Long> changeSetNanos = new ArrayList<>();
        Cost hot = null;
        Cost full = null;
        try (CountingHttpProxy proxy = CountingHttpProxy.forwardingTo(wire.endpoint());
                AwsClientFactory aws = new AwsClientFactory(
                        new AwsSettings(AwsEndpoints.region().id(), null, proxy.endpoint(), null, null))) {
            hotswap(wire, proxy, aws); // warm-up: JIT, connections
            changeSet(wire, proxy, aws);
            for (int i = 0; i < ROUNDS; i++) {
                hot = hotswap(wire, proxy, aws);
                hotswapNanos.add(hot.nanos());
                full = changeSet(wire, proxy, aws);
                changeSetNanos.add(full.nanos());
            }
        }
        double hotMs =
                Stats.median(hotswapNanos.stream().mapToLong(Long::longValue).toArray()) / 1e6;
        double fullMs =
                Stats.median(changeSetNanos.stream().mapToLong(Long::longValue).toArray()) / 1e6;
        String fullCalls = String.join(", ", full.calls());
        String hotCalls = String.join(", ", hot.calls());
        return List.of(
                new Row("requests", "change-set deploy", full.requests(), "requests", 1.0, fullCalls),
                new Row(
                        "requests",
                        "hotswap",
                        hot.requests(),
                        "requests",
                        ratio(hot.requests(), full.requests()),
                        hotCalls),
                new Row(
                        "writes",
                        "change-set deploy",
                        full.writes(),
                        "calls",
                        1.0,
                        "CreateChangeSet, ExecuteChangeSet"),
                new Row(
                        "writes",
                        "hotswap",
                        hot.writes(),
                        "calls",
                        ratio(hot.writes(), full.writes()),
                        "UpdateFunctionCode"),
                new Row(
                        "sequential round trips",
                        "change-set deploy",
                        full.requests(),
                        "round trips",
                        1.0,
                        "one thread, each call waits for the previous"),
                new Row(
                        "sequential round trips",
                        "hotswap",
                        hot.requests(),
                        "round trips",
                        ratio(hot.requests(), full.requests()),
                        "one thread, each call waits for the previous"),
                new Row("waits", "change-set deploy", full.waits(), "polls", 1.0, "x 3 s default interval"),
                new Row("waits", "hotswap", hot.waits(), "polls", ratio(hot.waits(), full.waits()), "x 0.5 s interval"),
                new Row("client time", "change-set deploy", fullMs, "ms", 1.0, "loopback, waits not slept"),
                new Row("client time", "hotswap", hotMs, "ms", hotMs / fullMs, "loopback, waits not slept"));
    }

    private static Double ratio(double value, double baseline) {
        return baseline == 0 ? null : value / baseline;
    }

    private Cost hotswap(AwsWireMock wire, CountingHttpProxy proxy, AwsClientFactory aws) {
        script(wire);
        wire.server()
                .stubFor(
                        lambda("GET", "/configuration", Scenario.STARTED, null, configuration(sha("a"), "Successful")));
        wire.server()
                .stubFor(lambda("PUT", "/code", Scenario.STARTED, "updating", configuration(sha("b"), "InProgress")));
        wire.server()
                .stubFor(lambda("GET", "/configuration", "updating", "updated", configuration(sha("b"), "InProgress")));
        wire.server().stubFor(lambda("GET", "/configuration", "updated", null, configuration(sha("b"), "Successful")));
        proxy.reset();
        RecordedTime time = new RecordedTime();
        long start = System.nanoTime();
        Hotswap.Result result = new Hotswap(aws.cloudFormation(), aws.lambda(), Events.silent(), time.polling())
                .attempt(request(), BundleCode.of(new CodeLocation("code", NEW_KEY, null), null), false);
        long nanos = System.nanoTime() - start;
        if (result.updatedCount() != 1) {
            throw new IllegalStateException("hotswap did not swap the function: " + result);
        }
        return cost(wire, proxy, time, nanos);
    }

    private Cost changeSet(AwsWireMock wire, CountingHttpProxy proxy, AwsClientFactory aws) {
        script(wire);
        stage(
                wire,
                "CreateChangeSet",
                Scenario.STARTED,
                "planning",
                "<Id>" + CHANGE_SET + "</Id><StackId>" + ID + "</StackId>");
        stage(wire, "DescribeChangeSet", "planning", "planned", changeSet("CREATE_IN_PROGRESS"));
        stage(wire, "DescribeChangeSet", "planned", null, changeSet("CREATE_COMPLETE"));
        stage(
                wire,
                "DescribeStackEvents",
                "planned",
                null,
                "<StackEvents>" + event("e0", STACK, "UPDATE_COMPLETE") + "</StackEvents>");
        stage(wire, "ExecuteChangeSet", "planned", "executing", "");
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("stack")
                        .whenScenarioStateIs("executing")
                        .willSetStateTo("done")
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks("UPDATE_IN_PROGRESS", OLD_KEY))));
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("stack")
                        .whenScenarioStateIs("done")
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks("UPDATE_COMPLETE", NEW_KEY))));
        stage(
                wire,
                "DescribeStackEvents",
                "done",
                null,
                "<StackEvents>" + event("e3", STACK, "UPDATE_COMPLETE") + event("e2", "Function", "UPDATE_COMPLETE")
                        + event("e1", "Function", "UPDATE_IN_PROGRESS") + event("e0", STACK, "UPDATE_COMPLETE")
                        + "</StackEvents>");
        proxy.reset();
        RecordedTime time = new RecordedTime();
        long start = System.nanoTime();
        StackDeployment.Result result = new StackDeployment(
                        aws.cloudFormation(), aws::s3, Events.silent(), time.polling(), Confirmation.notAsked())
                .deploy(request());
        long nanos = System.nanoTime() - start;
        if (result.outcome() != StackDeployment.Outcome.UPDATED) {
            throw new IllegalStateException("the change-set deploy did not update the stack: " + result.outcome());
        }
        return cost(wire, proxy, time, nanos);
    }

    /** Requests as the proxy counted them; their names and which write, from WireMock's log of the same requests. */
    private static Cost cost(AwsWireMock wire, CountingHttpProxy proxy, RecordedTime time, long nanos) {
        List<String> calls = new ArrayList<>();
        int writes = 0;
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> served =
                new ArrayList<>(wire.server().getAllServeEvents());
        java.util.Collections.reverse(served);
        for (var e : served) {
            String call;
            if (e.getRequest().getUrl().startsWith("/2015-03-31/")) {
                call = e.getRequest().getMethod().getName().equals("GET")
                        ? "GetFunctionConfiguration"
                        : "UpdateFunctionCode";
            } else {
                Matcher m = ACTION.matcher(e.getRequest().getBodyAsString());
                call = m.find() ? m.group(1) : "?";
            }
            if (call.matches("(Create|Update|Delete|Execute).*")) {
                writes++;
            }
            calls.add(call);
        }
        if (calls.size() != proxy.requests().size()) {
            throw new IllegalStateException(
                    "the proxy counted " + proxy.requests().size() + " requests, WireMock " + calls.size());
        }
        return new Cost(proxy.requests().size(), writes, time.sleeps, nanos, summarize(calls));
    }

    private static List<String> summarize(List<String> calls) {
        List<String> out = new ArrayList<>();
        String last = null;
        int n = 0;
        for (String c : calls) {
            if (c.equals(last)) {
                n++;
                continue;
            }
            if (last != null) {
                out.add(n > 1 ? last + " x" + n : last);
            }
            last = c;
            n = 1;
        }
        if (last != null) {
            out.add(n > 1 ? last + " x" + n : last);
        }
        return out;
    }

    /** The deployed stack (CodeKey = OLD_KEY), its template and its one function. */
    private static void script(AwsWireMock wire) {
        wire.reset();
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("stack")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks("UPDATE_COMPLETE", OLD_KEY))));
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("stack")
                        .whenScenarioStateIs("planning")
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks("UPDATE_COMPLETE", OLD_KEY))));
        wire.server()
                .stubFor(forStack("DescribeStacks")
                        .inScenario("stack")
                        .whenScenarioStateIs("planned")
                        .willReturn(CloudFormationWire.ok("DescribeStacks", stacks("UPDATE_COMPLETE", OLD_KEY))));
        wire.stubCloudFormation("GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(TEMPLATE) + "</TemplateBody>");
        wire.stubCloudFormation(
                "ListStackResources",
                "<StackResourceSummaries><member><LogicalResourceId>Function</LogicalResourceId><PhysicalResourceId>"
                        + FN
                        + "</PhysicalResourceId><ResourceType>AWS::Lambda::Function</ResourceType><ResourceStatus>"
                        + "UPDATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-01-01T00:00:00Z"
                        + "</LastUpdatedTimestamp></member></StackResourceSummaries>");
    }

    private static void stage(AwsWireMock wire, String action, String state, String next, String result) {
        var m = AwsWireMock.cloudFormationAction(action)
                .inScenario("stack")
                .whenScenarioStateIs(state)
                .willReturn(CloudFormationWire.ok(action, result));
        wire.server().stubFor(next == null ? m : m.willSetStateTo(next));
    }

    private static DeployRequest request() {
        return DeployRequest.builder(STACK, StackTemplate.parse("svc.json", TEMPLATE))
                .code(new CodeLocation("code", NEW_KEY, null))
                .build();
    }

    private static MappingBuilder forStack(String action) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + STACK + "(&|%2F|/|$).*"));
    }

    private static MappingBuilder lambda(String method, String suffix, String state, String next, String json) {
        var m = AwsWireMock.lambdaRequest(method, "/2015-03-31/functions/" + FN + suffix)
                .inScenario("function")
                .whenScenarioStateIs(state)
                .willReturn(LambdaWire.json(200, json));
        return next == null ? m : m.willSetStateTo(next);
    }

    private static String stacks(String status, String codeKey) {
        return "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + ID + "</StackId><StackStatus>" + status
                + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><LastUpdatedTime>"
                + (status.equals("UPDATE_COMPLETE") && codeKey.equals(NEW_KEY) ? "2026-01-02" : "2026-01-01")
                + "T00:00:00Z</LastUpdatedTime><Parameters><member><ParameterKey>CodeBucket</ParameterKey>"
                + "<ParameterValue>code</ParameterValue></member><member><ParameterKey>CodeKey</ParameterKey>"
                + "<ParameterValue>" + codeKey + "</ParameterValue></member></Parameters></member></Stacks>";
    }

    private static String changeSet(String status) {
        return "<ChangeSetId>" + CHANGE_SET + "</ChangeSetId><StackId>" + ID + "</StackId><Status>" + status
                + "</Status><ExecutionStatus>" + (status.equals("CREATE_COMPLETE") ? "AVAILABLE" : "UNAVAILABLE")
                + "</ExecutionStatus><Changes><member><Type>Resource</Type><ResourceChange><Action>Modify</Action>"
                + "<LogicalResourceId>Function</LogicalResourceId><ResourceType>AWS::Lambda::Function</ResourceType>"
                + "<Replacement>False</Replacement></ResourceChange></member></Changes>";
    }

    private static String event(String id, String logicalId, String status) {
        return "<member><EventId>" + id + "</EventId><StackName>" + STACK + "</StackName><StackId>" + ID
                + "</StackId><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + (logicalId.equals(STACK) ? ID : FN) + "</PhysicalResourceId><ResourceType>"
                + (logicalId.equals(STACK) ? "AWS::CloudFormation::Stack" : "AWS::Lambda::Function")
                + "</ResourceType><Timestamp>2026-11-21T08:00:0" + id.substring(1) + "Z</Timestamp><ResourceStatus>"
                + status + "</ResourceStatus></member>";
    }

    private static String configuration(String sha, String lastUpdateStatus) {
        return "{\"FunctionName\":\"" + FN + "\",\"CodeSha256\":\"" + sha + "\",\"State\":\"Active\","
                + "\"LastUpdateStatus\":\"" + lastUpdateStatus + "\"}";
    }

    private static String sha(String c) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(c.repeat(64)));
    }

    /** Time that passes only when the deploy waits; the waits are counted. */
    private static final class RecordedTime extends Clock {
        int sleeps;
        private Instant now = Instant.parse("2026-11-21T08:00:00Z");

        Polling polling() {
            return new Polling(
                    Duration.ofSeconds(3),
                    Duration.ofMinutes(60),
                    d -> {
                        sleeps++;
                        now = now.plus(d);
                    },
                    this);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
