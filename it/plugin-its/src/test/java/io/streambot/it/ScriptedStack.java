package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;

/**
 * CloudFormation scripted on WireMock, in its wire format, for one service stack that a child build deploys:
 * the primary streambot stack it reads its outputs from, and the service stack's answers step by step in one
 * WireMock scenario ({@code "stack"}). The XML helpers write what CloudFormation answers for a stack, its
 * parameters, outputs, events and change-set entries.
 */
final class ScriptedStack {
    static final String PRIMARY = "streambot";

    private final AwsWireMock wire;
    private final String name;
    private final String id;

    /** The stack {@code name} with the stack id {@code id} (an ARN), scripted on {@code wire}. */
    ScriptedStack(AwsWireMock wire, String name, String id) {
        this.wire = wire;
        this.name = name;
        this.id = id;
    }

    /**
     * Answers {@code action} with {@code response} while the scenario is in {@code state}, then moves it to
     * {@code next} (null: stays). DescribeStacks is matched on this stack's name only, since it is also asked
     * about the primary stack, which {@link #primaryStack} answers.
     */
    void on(String action, String state, String next, ResponseDefinitionBuilder response) {
        MappingBuilder request =
                action.equals("DescribeStacks") ? forStack(action, name) : AwsWireMock.cloudFormationAction(action);
        ScenarioMappingBuilder m =
                request.inScenario("stack").whenScenarioStateIs(state).willReturn(response);
        wire.server().stubFor(next == null ? m : m.willSetStateTo(next));
    }

    /** The primary streambot stack, created and complete, with the given outputs ({@link #output}s). */
    void primaryStack(String primaryId, String outputs) {
        wire.server()
                .stubFor(forStack("DescribeStacks", PRIMARY)
                        .willReturn(ok(
                                "DescribeStacks",
                                "<Stacks><member><StackName>" + PRIMARY + "</StackName><StackId>" + primaryId
                                        + "</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>"
                                        + "2026-01-01T00:00:00Z</CreationTime><Outputs>" + outputs
                                        + "</Outputs></member></Stacks>")));
    }

    /** At the start, DescribeStacks of this stack answers that it does not exist. */
    void doesNotExistYet() {
        on(
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + name + " does not exist"));
    }

    /**
     * CreateChangeSet, asked in {@code state}, plans {@code changeSet} (moving to "planned"), which
     * DescribeChangeSet then shows complete and available with the given {@link #added} changes.
     */
    void changeSet(String state, String changeSet, String changes) {
        on(
                "CreateChangeSet",
                state,
                "planned",
                ok("CreateChangeSet", "<Id>" + changeSet + "</Id><StackId>" + id + "</StackId>"));
        on(
                "DescribeChangeSet",
                "planned",
                null,
                ok(
                        "DescribeChangeSet",
                        "<ChangeSetId>" + changeSet + "</ChangeSetId><Status>CREATE_COMPLETE</Status>"
                                + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>" + changes + "</Changes>"));
    }

    /** Once planned, the stack has no events yet and ExecuteChangeSet moves the scenario to "executing". */
    void executesWhenPlanned() {
        on("DescribeStackEvents", "planned", null, ok("DescribeStackEvents", "<StackEvents/>"));
        on("ExecuteChangeSet", "planned", "executing", ok("ExecuteChangeSet", ""));
    }

    /** DescribeStackEvents in {@code state} answers these {@link #event}s (newest first). */
    void events(String state, String... events) {
        on(
                "DescribeStackEvents",
                state,
                null,
                ok("DescribeStackEvents", "<StackEvents>" + String.join("", events) + "</StackEvents>"));
    }

    /** This stack in a DescribeStacks answer. */
    String stack(String status, String outputs) {
        return stack(status, outputs, "", "");
    }

    /** This stack in a DescribeStacks answer, with its parameters ({@link #param}s) and tags. */
    String stack(String status, String outputs, String parameters, String tags) {
        return "<Stacks><member><StackName>" + name + "</StackName><StackId>" + id + "</StackId><StackStatus>" + status
                + "</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Parameters>" + parameters
                + "</Parameters><Outputs>" + outputs + "</Outputs><Tags>" + tags + "</Tags></member></Stacks>";
    }

    /** One event of this stack; {@code id} is "e" and a digit, which also gives its second. */
    String event(String eventId, String logicalId, String type, String status, String reason) {
        return "<member><EventId>" + eventId + "</EventId><StackName>" + name + "</StackName><StackId>" + id
                + "</StackId><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + (logicalId.equals(name) ? id : logicalId + "-1") + "</PhysicalResourceId><ResourceType>" + type
                + "</ResourceType><Timestamp>2026-11-21T08:00:0" + eventId.substring(1)
                + "Z</Timestamp><ResourceStatus>"
                + status + "</ResourceStatus>"
                + (reason == null
                        ? ""
                        : "<ResourceStatusReason>" + CloudFormationWire.xml(reason) + "</ResourceStatusReason>")
                + "</member>";
    }

    /** A CloudFormation action's request whose StackName is {@code stack} (by name or in an ARN). */
    static MappingBuilder forStack(String action, String stack) {
        return AwsWireMock.cloudFormationAction(action)
                .withRequestBody(matching(".*StackName=([^&]*(%2F|/))?" + stack + "(&|%2F|/|$).*"));
    }

    static ResponseDefinitionBuilder ok(String action, String xml) {
        return CloudFormationWire.ok(action, xml);
    }

    /** A change set's entry that adds a resource. */
    static String added(String logicalId, String type) {
        return "<member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>" + logicalId
                + "</LogicalResourceId><ResourceType>" + type + "</ResourceType></ResourceChange></member>";
    }

    static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    static String param(String key, String value) {
        return "<member><ParameterKey>" + key + "</ParameterKey><ParameterValue>" + value
                + "</ParameterValue></member>";
    }
}
