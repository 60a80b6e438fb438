package io.streambot.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * CloudFormation on WireMock, scripted as an account where only the primary streambot stack exists:
 * there is no local CloudFormation, so this is what lets {@code deploy-stack -Dstreambot.dryRun=true}
 * run its real code path (parameters, change set, plan) on this machine. The planned changes are the
 * ones CloudFormation would report for a new stack: every resource of the template, added. Nothing
 * is deployed.
 */
final class EmptyAccountCloudFormation {
    static final String ACCOUNT = "000000000000";

    private EmptyAccountCloudFormation() {}

    static void script(AwsWireMock wire, String region, String primaryStack, String serviceStack, Path template) {
        wire.reset();
        String arn = "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/";
        String lambda = "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:";
        wire.server()
                .stubFor(forStack("DescribeStacks", primaryStack)
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks",
                                "<Stacks><member><StackName>" + primaryStack + "</StackName><StackId>" + arn
                                        + primaryStack + "/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus>"
                                        + "<CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>"
                                        + output("StreambotEnvFunctionArn", lambda + primaryStack + "-env")
                                        + output("StreambotConnectorFunctionArn", lambda + primaryStack + "-connector")
                                        + output("ConfigTableName", "streambot-env")
                                        + "</Outputs></member></Stacks>")));
        wire.server()
                .stubFor(forStack("DescribeStacks", serviceStack)
                        .willReturn(CloudFormationWire.error(
                                400, "ValidationError", "Stack with id " + serviceStack + " does not exist")));
        String changeSet = "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":changeSet/streambot-demo/1";
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("CreateChangeSet")
                        .willReturn(CloudFormationWire.ok(
                                "CreateChangeSet",
                                "<Id>" + changeSet + "</Id><StackId>" + arn + serviceStack + "/1</StackId>")));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeChangeSet")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeChangeSet",
                                "<ChangeSetId>" + changeSet + "</ChangeSetId><StackName>" + serviceStack
                                        + "</StackName><Status>CREATE_COMPLETE</Status>"
                                        + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>"
                                        + additions(template) + "</Changes>")));
        for (String action : new String[] {"DeleteChangeSet", "DeleteStack"}) {
            wire.server()
                    .stubFor(AwsWireMock.cloudFormationAction(action).willReturn(CloudFormationWire.ok(action, "")));
        }
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeStackEvents")
                        .willReturn(CloudFormationWire.ok("DescribeStackEvents", "<StackEvents/>")));
    }

    /** Every resource of the template as an {@code Add} change, as for a stack that does not exist yet. */
    private static String additions(Path template) {
        try {
            JsonNode resources = new ObjectMapper().readTree(template.toFile()).path("Resources");
            StringBuilder xml = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> resource = it.next();
                xml.append("<member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>")
                        .append(resource.getKey())
                        .append("</LogicalResourceId><ResourceType>")
                        .append(CloudFormationWire.xml(
                                resource.getValue().path("Type").asText()))
                        .append("</ResourceType></ResourceChange></member>");
            }
            return xml.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    private static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }
}
