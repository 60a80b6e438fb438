package io.streambot.core.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scripts CloudFormation on the kit's WireMock in its XML wire format: stacks, events and change sets
 * as CloudFormation returns them, and status sequences as WireMock scenario states.
 */
final class CfnScript {
    static final String SCENARIO = "stack";
    static final String STARTED = Scenario.STARTED;
    static final String REGION = "eu-west-3";

    private final AwsWireMock wire;

    CfnScript(AwsWireMock wire) {
        this.wire = wire;
    }

    static String stackId(String name) {
        return "arn:aws:cloudformation:" + REGION + ":123456789012:stack/" + name + "/0b1d2e3f";
    }

    /** One {@code <member>} of DescribeStacks. */
    static String stack(String name, String status, Map<String, String> parameters, Map<String, String> outputs) {
        return stack(name, status, parameters, outputs, Map.of(), null);
    }

    static String stack(
            String name,
            String status,
            Map<String, String> parameters,
            Map<String, String> outputs,
            Map<String, String> tags,
            String reason) {
        StringBuilder x = new StringBuilder("<member><StackName>")
                .append(name)
                .append("</StackName><StackId>")
                .append(stackId(name))
                .append("</StackId><StackStatus>")
                .append(status)
                .append("</StackStatus>");
        if (reason != null) {
            x.append("<StackStatusReason>")
                    .append(CloudFormationWire.xml(reason))
                    .append("</StackStatusReason>");
        }
        x.append("<CreationTime>2026-01-01T00:00:00Z</CreationTime><Parameters>");
        parameters.forEach((k, v) -> x.append("<member><ParameterKey>")
                .append(k)
                .append("</ParameterKey><ParameterValue>")
                .append(CloudFormationWire.xml(v))
                .append("</ParameterValue></member>"));
        x.append("</Parameters><Outputs>");
        outputs.forEach((k, v) -> x.append("<member><OutputKey>")
                .append(k)
                .append("</OutputKey><OutputValue>")
                .append(CloudFormationWire.xml(v))
                .append("</OutputValue></member>"));
        x.append("</Outputs><Tags>");
        tags.forEach((k, v) -> x.append("<member><Key>")
                .append(k)
                .append("</Key><Value>")
                .append(v)
                .append("</Value></member>"));
        return x.append("</Tags></member>").toString();
    }

    static String stacks(String... members) {
        return "<Stacks>" + String.join("", members) + "</Stacks>";
    }

    /** One {@code <member>} of DescribeStackEvents. */
    static String event(
            String id, String stack, String logicalId, String type, String status, String reason, int second) {
        return "<member><EventId>" + id + "</EventId><StackName>" + stack + "</StackName><StackId>" + stackId(stack)
                + "</StackId><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + (type.equals("AWS::CloudFormation::Stack") ? stackId(stack) : logicalId + "-phys")
                + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType><Timestamp>2026-11-21T08:00:"
                + String.format("%02d", second) + "Z</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null
                        ? ""
                        : "<ResourceStatusReason>" + CloudFormationWire.xml(reason) + "</ResourceStatusReason>")
                + "</member>";
    }

    /** DescribeStackEvents' result: events newest first, and a NextToken or null. */
    static String events(String nextToken, String... newestFirst) {
        return "<StackEvents>" + String.join("", newestFirst) + "</StackEvents>"
                + (nextToken == null ? "" : "<NextToken>" + nextToken + "</NextToken>");
    }

    static String changeSetCreated(String stack) {
        return "<Id>" + changeSetId(stack) + "</Id><StackId>" + stackId(stack) + "</StackId>";
    }

    static String changeSetId(String stack) {
        return "arn:aws:cloudformation:" + REGION + ":123456789012:changeSet/streambot-1/" + stack;
    }

    /** One resource change for DescribeChangeSet. */
    static String change(String action, String logicalId, String type, String replacement) {
        return "<member><Type>Resource</Type><ResourceChange><Action>" + action + "</Action><LogicalResourceId>"
                + logicalId + "</LogicalResourceId><ResourceType>" + type + "</ResourceType>"
                + (replacement == null ? "" : "<Replacement>" + replacement + "</Replacement>")
                + "</ResourceChange></member>";
    }

    static String changeSet(String stack, String status, String reason, String nextToken, String... changes) {
        return "<ChangeSetId>" + changeSetId(stack) + "</ChangeSetId><StackId>" + stackId(stack)
                + "</StackId><Status>" + status + "</Status><ExecutionStatus>"
                + (status.equals("CREATE_COMPLETE") ? "AVAILABLE" : "UNAVAILABLE") + "</ExecutionStatus>"
                + (reason == null ? "" : "<StatusReason>" + CloudFormationWire.xml(reason) + "</StatusReason>")
                + "<Changes>" + String.join("", changes) + "</Changes>"
                + (nextToken == null ? "" : "<NextToken>" + nextToken + "</NextToken>");
    }

    /** Answers {@code action} with {@code result} while the scenario is in {@code state}, then moves to {@code next}. */
    CfnScript on(String action, String state, String result, String next) {
        return on(AwsWireMock.cloudFormationAction(action), action, state, result, next);
    }

    /** The same, only for requests about {@code stack} (by name or by id). */
    CfnScript onStack(String action, String stack, String state, String result, String next) {
        return on(forStack(action, stack), action, state, result, next);
    }

    /** Answers requests of {@code action} about {@code stack} (by name or id) with {@code result} in every state. */
    CfnScript alwaysForStack(String action, String stack, String result) {
        wire.server().stubFor(forStack(action, stack).willReturn(CloudFormationWire.ok(action, result)));
        return this;
    }

    private static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    private CfnScript on(MappingBuilder mapping, String action, String state, String result, String next) {
        ScenarioMappingBuilder scripted = mapping.inScenario(SCENARIO)
                .whenScenarioStateIs(state)
                .willReturn(CloudFormationWire.ok(action, result));
        wire.server().stubFor(next == null ? scripted : scripted.willSetStateTo(next));
        return this;
    }

    /** Answers {@code action} with an error while the scenario is in {@code state}, then moves to {@code next}. */
    CfnScript error(String action, String state, int status, String code, String message, String next) {
        ScenarioMappingBuilder scripted = AwsWireMock.cloudFormationAction(action)
                .inScenario(SCENARIO)
                .whenScenarioStateIs(state)
                .willReturn(CloudFormationWire.error(status, code, message));
        wire.server().stubFor(next == null ? scripted : scripted.willSetStateTo(next));
        return this;
    }

    /** Answers {@code action} with {@code result} in every state. */
    CfnScript always(String action, String result) {
        wire.stubCloudFormation(action, result);
        return this;
    }

    /** The form bodies of the requests of {@code action}. */
    List<String> bodies(String action) {
        List<String> result = new ArrayList<>();
        wire.cloudFormationRequests(action).forEach(r -> result.add(decode(r.getBodyAsString())));
        return result;
    }

    static String decode(String form) {
        return java.net.URLDecoder.decode(form, java.nio.charset.StandardCharsets.UTF_8);
    }
}
