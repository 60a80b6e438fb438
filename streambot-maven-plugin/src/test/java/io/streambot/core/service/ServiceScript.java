package io.streambot.core.service;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.streambot.core.stack.Polling;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LambdaWire;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripts a deployed service on the kit's WireMock in the wire formats of CloudFormation (query/XML) and
 * Lambda (REST/JSON): its stack, resources, template and functions; and classifies the requests received
 * into reads and writes, so tests assert on what was sent.
 */
public final class ServiceScript {
    public static final String REGION = "eu-west-3";
    public static final String FUNCTIONS = "/2015-03-31/functions/";
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

    private final AwsWireMock wire;

    public ServiceScript(AwsWireMock wire) {
        this.wire = wire;
    }

    public static String stackId(String name) {
        return "arn:aws:cloudformation:" + REGION + ":123456789012:stack/" + name + "/0b1d2e3f";
    }

    /** One DescribeStacks answer: a single stack. */
    public static String stack(
            String name, String status, boolean terminationProtection, Map<String, String> parameters, String tagsXml) {
        StringBuilder x = new StringBuilder("<Stacks><member><StackName>")
                .append(name)
                .append("</StackName><StackId>")
                .append(stackId(name))
                .append("</StackId><StackStatus>")
                .append(status)
                .append("</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime>")
                .append("<EnableTerminationProtection>")
                .append(terminationProtection)
                .append("</EnableTerminationProtection><Parameters>");
        parameters.forEach((k, v) -> x.append("<member><ParameterKey>")
                .append(k)
                .append("</ParameterKey><ParameterValue>")
                .append(CloudFormationWire.xml(v))
                .append("</ParameterValue></member>"));
        return x.append("</Parameters><Outputs><member><OutputKey>Queue</OutputKey><OutputValue>q-1</OutputValue>")
                .append("</member></Outputs><Tags>")
                .append(tagsXml == null ? "" : tagsXml)
                .append("</Tags></member></Stacks>")
                .toString();
    }

    /** A request matcher for {@code action} about {@code stack} (by name or id). */
    public static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    public ServiceScript describeStack(String name, String describeStacksResult) {
        wire.server()
                .stubFor(forStack("DescribeStacks", name)
                        .willReturn(CloudFormationWire.ok("DescribeStacks", describeStacksResult)));
        return this;
    }

    public ServiceScript absent(String name) {
        wire.server()
                .stubFor(forStack("DescribeStacks", name)
                        .willReturn(CloudFormationWire.error(
                                400, "ValidationError", "Stack with id " + name + " does not exist")));
        return this;
    }

    public ServiceScript template(String body) {
        wire.stubCloudFormation("GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(body) + "</TemplateBody>");
        return this;
    }

    /** ListStackResources: functions as {@code logicalId, physicalId} pairs in the stack's order, plus a queue. */
    public ServiceScript functions(String... logicalAndPhysicalIds) {
        Map<String, String> functions = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < logicalAndPhysicalIds.length; i += 2) {
            functions.put(logicalAndPhysicalIds[i], logicalAndPhysicalIds[i + 1]);
        }
        return functions(functions);
    }

    /** ListStackResources: {@code logicalId -> physicalId} functions (in the map's order), plus a queue. */
    public ServiceScript functions(Map<String, String> functions) {
        StringBuilder x = new StringBuilder("<StackResourceSummaries>");
        functions.forEach((logical, physical) -> x.append(resource(logical, physical, "AWS::Lambda::Function")));
        x.append(resource("Queue", "https://sqs/q-1", "AWS::SQS::Queue")).append("</StackResourceSummaries>");
        wire.stubCloudFormation("ListStackResources", x.toString());
        return this;
    }

    private static String resource(String logical, String physical, String type) {
        return "<member><LogicalResourceId>" + logical + "</LogicalResourceId><PhysicalResourceId>"
                + CloudFormationWire.xml(physical) + "</PhysicalResourceId><ResourceType>" + type
                + "</ResourceType><ResourceStatus>UPDATE_COMPLETE</ResourceStatus>"
                + "<LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>";
    }

    /** GetFunctionConfiguration's answer. */
    public static String configuration(String name, String codeSha256, String lastUpdateStatus, String reason) {
        return "{\"FunctionName\":\"" + name + "\",\"FunctionArn\":\"arn:aws:lambda:" + REGION
                + ":123456789012:function:" + name + "\",\"CodeSha256\":\"" + codeSha256
                + "\",\"State\":\"Active\",\"LastUpdateStatus\":\"" + lastUpdateStatus + "\""
                + (reason == null
                        ? ""
                        : ",\"LastUpdateStatusReason\":\"" + LambdaWire.jsonText(reason)
                                + "\",\"LastUpdateStatusReasonCode\":\"InvalidConfiguration\"")
                + "}";
    }

    /** The requests that change something: CloudFormation's Create/Update/Delete/Execute actions, Lambda's non-GET calls but Invoke. */
    public static List<String> writes(AwsWireMock wire) {
        List<String> writes = new ArrayList<>();
        for (ServeEvent e : wire.server().getAllServeEvents()) {
            String method = e.getRequest().getMethod().getName();
            String url = e.getRequest().getUrl();
            if (url.startsWith("/2015-03-31/")) {
                if (!method.equals("GET") && !url.endsWith("/invocations")) {
                    writes.add(method + " " + url);
                }
                continue;
            }
            Matcher m = ACTION.matcher(e.getRequest().getBodyAsString());
            if (m.find()) {
                String action = m.group(1);
                String verb = action.replaceAll("([A-Z][a-z]+).*", "$1").toLowerCase(Locale.ROOT);
                if (List.of("create", "update", "delete", "execute").contains(verb)) {
                    writes.add(action);
                }
            }
        }
        return writes;
    }

    /** A clock that moves only when the code under test sleeps; the sleeps are recorded. */
    public static final class Time extends Clock {
        public final List<Duration> sleeps = new ArrayList<>();
        private Instant now = Instant.parse("2026-11-21T08:00:00Z");

        public Polling.Sleeper sleeper() {
            return d -> {
                sleeps.add(d);
                now = now.plus(d);
            };
        }

        public Polling polling() {
            return new Polling(Duration.ofMillis(100), Duration.ofMinutes(10), sleeper(), this);
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
