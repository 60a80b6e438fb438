package io.streambot.core.teardown;

import static io.streambot.core.service.ServiceScript.forStack;
import static io.streambot.core.service.ServiceScript.stack;
import static io.streambot.core.service.ServiceScript.stackId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.service.ServiceScript;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Teardown against CloudFormation scripted on WireMock, with the config records in DynamoDB Local and the
 * code in S3Mock: it deletes the stack, then only put-env's records of the stack's functions and only the
 * code objects under the service's prefix that no other stack names.
 */
@LocalAws
class TeardownTest {
    static final String SVC = "svc";
    static final Map<String, String> PARAMETERS = Map.of("CodeBucket", "code", "CodeKey", "streambot/svc/a.zip");

    final RecordingEvents events = new RecordingEvents();
    final ServiceScript.Time time = new ServiceScript.Time();
    LocalDynamoDb dynamo;
    LocalS3 s3;
    String table;
    String bucket;

    @BeforeEach
    void records(LocalDynamoDb dynamo, LocalS3 s3) {
        this.dynamo = dynamo;
        this.s3 = s3;
        table = dynamo.createTable(LocalDynamoDb.uniqueTableName("teardown"), EnvRecord.NAME);
        bucket = s3.createBucket("teardown");
        put("svc-Ingest-1", "put-env");
        put("svc-Echo-1", "Custom::StreambotEnv");
        put("other-fn", "put-env");
        for (String key : List.of(
                "streambot/svc/a.zip",
                "streambot/svc/b.zip",
                "streambot/svc-other/c.zip",
                "streambot/templates/t.json")) {
            s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
    }

    @AfterEach
    void cleanUp() {
        dynamo.client().deleteTable(b -> b.tableName(table));
        for (S3Object o : s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()) {
            s3.client().deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        s3.client().deleteBucket(b -> b.bucket(bucket));
    }

    void put(String function, String by) {
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("K", "v"), 2, Instant.parse("2026-11-01T00:00:00Z"), by)
                        .toItem()));
    }

    List<String> records() {
        return dynamo.client().scan(b -> b.tableName(table)).items().stream()
                .map(i -> i.get(EnvRecord.NAME).s())
                .sorted()
                .toList();
    }

    List<String> objects() {
        return s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    Teardown teardown(AwsWireMock wire) {
        return new Teardown(wire.cloudFormation(), dynamo::client, s3::client, events, time.polling());
    }

    TeardownRequest request(boolean dryRun) {
        return new TeardownRequest(SVC, table, true, bucket, "streambot/svc/", true, dryRun);
    }

    static String event(String id, String logicalId, String type, String status, String reason) {
        return "<member><EventId>" + id + "</EventId><StackName>svc</StackName><StackId>" + stackId(SVC)
                + "</StackId><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + (logicalId.equals(SVC) ? stackId(SVC) : logicalId + "-1") + "</PhysicalResourceId><ResourceType>"
                + type + "</ResourceType><Timestamp>2026-11-21T08:00:0" + id.substring(1) + "Z</Timestamp>"
                + "<ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>") + "</member>";
    }

    /** The service's stack, its functions, the account's stacks and exports; DeleteStack ends in {@code finalStatus}. */
    static void service(AwsWireMock wire, boolean terminationProtection, String finalStatus, String... eventsAfter) {
        new ServiceScript(wire).functions("Ingest", "svc-Ingest-1", "Echo", "svc-Echo-1");
        String before = event("e0", SVC, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null);
        wire.server()
                .stubFor(forStack("DescribeStacks", SVC)
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks",
                                stack(SVC, "UPDATE_COMPLETE", terminationProtection, PARAMETERS, null))));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DeleteStack")
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("deleting")
                        .willReturn(CloudFormationWire.ok("DeleteStack", "")));
        wire.server()
                .stubFor(forStack("DescribeStacks", SVC)
                        .inScenario("delete")
                        .whenScenarioStateIs("deleting")
                        .willSetStateTo("done")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks", stack(SVC, "DELETE_IN_PROGRESS", false, PARAMETERS, null))));
        wire.server()
                .stubFor(forStack("DescribeStacks", SVC)
                        .inScenario("delete")
                        .whenScenarioStateIs("done")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks", stack(SVC, finalStatus, false, PARAMETERS, null))));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeStackEvents")
                        .inScenario("delete")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStackEvents", "<StackEvents>" + before + "</StackEvents>")));
        for (String state : List.of("deleting", "done")) {
            wire.server()
                    .stubFor(AwsWireMock.cloudFormationAction("DescribeStackEvents")
                            .inScenario("delete")
                            .whenScenarioStateIs(state)
                            .willReturn(CloudFormationWire.ok(
                                    "DescribeStackEvents",
                                    "<StackEvents>" + String.join("", eventsAfter) + before + "</StackEvents>")));
        }
        // Every stack of the account (no StackName): another stack still names streambot/svc/b.zip.
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeStacks")
                        .atPriority(9)
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks",
                                stack(SVC, "UPDATE_COMPLETE", false, PARAMETERS, null)
                                                .replace("</Stacks>", "")
                                        + stack(
                                                        "other",
                                                        "UPDATE_COMPLETE",
                                                        false,
                                                        Map.of("CodeKey", "streambot/svc/b.zip"),
                                                        null)
                                                .replace("<Stacks>", ""))));
        wire.stubCloudFormation(
                "ListExports",
                "<Exports><member><ExportingStackId>" + stackId("other") + "</ExportingStackId><Name>other-Queue</Name>"
                        + "<Value>q</Value></member></Exports>");
    }

    @Test
    void deletesTheStackThenOnlyPutEnvsRecordsOfItsFunctionsAndItsUnsharedCode(AwsWireMock wire) {
        service(
                wire,
                false,
                "DELETE_COMPLETE",
                event("e2", SVC, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null),
                event("e1", "Ingest", "AWS::Lambda::Function", "DELETE_COMPLETE", null));

        TeardownResult result = teardown(wire).run(request(false));

        assertThat(result.stackDeleted()).isTrue();
        assertThat(result.records()).containsExactly("svc-Ingest-1");
        assertThat(result.objects()).containsExactly("streambot/svc/a.zip");
        assertThat(records()).containsExactly("other-fn", "svc-Echo-1");
        assertThat(objects())
                .containsExactly("streambot/svc-other/c.zip", "streambot/svc/b.zip", "streambot/templates/t.json");
        assertThat(wire.cloudFormationRequests("DeleteStack")).hasSize(1);
        assertThat(URLDecoder.decode(
                        wire.cloudFormationRequests("DeleteStack").get(0).getBodyAsString(), StandardCharsets.UTF_8))
                .contains("StackName=" + stackId(SVC));
        assertThat(wire.cloudFormationRequests("ListImports"))
                .as("no export of svc")
                .isEmpty();
        assertThat(events.lines)
                .containsSubsequence(
                        "INFO Deleting stack svc",
                        "INFO 08:00:01  Ingest                       AWS::Lambda::Function            DELETE_COMPLETE",
                        "INFO Stack svc deleted",
                        "INFO Deleted config record 'svc-Ingest-1' from table " + table,
                        "INFO Deleted s3://" + bucket + "/streambot/svc/a.zip",
                        "INFO Left: config record 'svc-Echo-1': written by Custom::StreambotEnv, not put-env",
                        "INFO Left: s3://" + bucket + "/streambot/svc/b.zip: used by stack other",
                        "INFO Teardown of svc: stack deleted, 1 config record and 1 code object deleted");
    }

    @Test
    void inAStackOfSeveralFunctionsEveryFunctionsPutEnvRecordIsDeleted(AwsWireMock wire) {
        put("svc-Echo-1", "put-env"); // now both functions' records are put-env's
        service(
                wire,
                false,
                "DELETE_COMPLETE",
                event("e2", SVC, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null));

        TeardownResult result = teardown(wire).run(request(false));

        assertThat(result.stackDeleted()).isTrue();
        assertThat(result.records()).containsExactlyInAnyOrder("svc-Ingest-1", "svc-Echo-1");
        assertThat(records()).containsExactly("other-fn");
        assertThat(events.lines)
                .contains(
                        "INFO Deleted config record 'svc-Ingest-1' from table " + table,
                        "INFO Deleted config record 'svc-Echo-1' from table " + table)
                .anyMatch(l -> l.startsWith("INFO Teardown of svc: stack deleted, 2 config records and "));
    }

    @Test
    void aDryRunListsWhatWouldGoAndDeletesNothing(AwsWireMock wire) {
        service(wire, false, "DELETE_COMPLETE");

        TeardownResult result = teardown(wire).run(request(true));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.records()).containsExactly("svc-Ingest-1");
        assertThat(result.objects()).containsExactly("streambot/svc/a.zip");
        assertThat(ServiceScript.writes(wire)).isEmpty();
        assertThat(records()).containsExactly("other-fn", "svc-Echo-1", "svc-Ingest-1");
        assertThat(objects()).hasSize(4);
        assertThat(events.lines)
                .containsSubsequence(
                        "INFO Dry run: teardown of svc would delete:",
                        "INFO   stack svc (UPDATE_COMPLETE, functions: Ingest, Echo)",
                        "INFO   config record 'svc-Ingest-1' in table " + table,
                        "INFO   s3://" + bucket + "/streambot/svc/a.zip");
    }

    @Test
    void aStackWithTerminationProtectionIsRefusedWithTheFixAndNothingIsDeleted(AwsWireMock wire) {
        service(wire, true, "DELETE_COMPLETE");

        assertThatThrownBy(() -> teardown(wire).run(request(false)))
                .isInstanceOf(TeardownRefusedException.class)
                .hasMessageContaining("Stack svc has termination protection, so teardown deleted nothing")
                .hasMessageContaining("mvn streambot:deploy-stack -Dstreambot.terminationProtection=false");
        assertThat(ServiceScript.writes(wire)).isEmpty();
        assertThat(records()).hasSize(3);
        assertThat(objects()).hasSize(4);
    }

    @Test
    void thePrimaryStackIsRefusedWhileOtherStacksImportItsExportsNamingThem(AwsWireMock wire) {
        new ServiceScript(wire)
                .describeStack("streambot", stack("streambot", "UPDATE_COMPLETE", false, Map.of(), null));
        wire.stubCloudFormation(
                "ListExports",
                "<Exports><member><ExportingStackId>" + stackId("streambot") + "</ExportingStackId>"
                        + "<Name>streambot-ConfigTableName</Name><Value>streambot-env</Value></member>"
                        + "<member><ExportingStackId>" + stackId("streambot") + "</ExportingStackId>"
                        + "<Name>streambot-Unused</Name><Value>x</Value></member></Exports>");
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("ListImports")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "ExportName=streambot-ConfigTableName"))
                        .willReturn(CloudFormationWire.ok(
                                "ListImports", "<Imports><member>orders</member><member>billing</member></Imports>")));
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("ListImports")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "ExportName=streambot-Unused"))
                        .willReturn(CloudFormationWire.error(
                                400, "ValidationError", "Export 'streambot-Unused' is not imported by any stack.")));

        assertThatThrownBy(() ->
                        teardown(wire).run(new TeardownRequest("streambot", table, false, null, null, false, false)))
                .isInstanceOf(TeardownRefusedException.class)
                .hasMessage(
                        "Stack streambot is still used, so teardown deleted nothing: export streambot-ConfigTableName"
                                + " is imported by orders, billing. Tear those stacks down first (mvn streambot:teardown in"
                                + " their projects)");
        assertThat(ServiceScript.writes(wire)).isEmpty();
    }

    @Test
    void aDeleteFailedStackNamesTheFirstFailureAndKeepsTheRecordsAndCode(AwsWireMock wire) {
        service(
                wire,
                false,
                "DELETE_FAILED",
                event(
                        "e3",
                        SVC,
                        "AWS::CloudFormation::Stack",
                        "DELETE_FAILED",
                        "The following resource(s) failed to delete: [Bucket]"),
                event(
                        "e2",
                        "Bucket",
                        "AWS::S3::Bucket",
                        "DELETE_FAILED",
                        "The bucket you tried to delete is not empty"),
                event("e1", "Ingest", "AWS::Lambda::Function", "DELETE_COMPLETE", null));

        assertThatThrownBy(() -> teardown(wire).run(request(false)))
                .isInstanceOf(TeardownFailedException.class)
                .hasMessageStartingWith("Stack svc could not be deleted: DELETE_FAILED; first failure: Bucket"
                        + " (AWS::S3::Bucket) DELETE_FAILED: The bucket you tried to delete is not empty. Its config"
                        + " records and code were kept");
        assertThat(records()).hasSize(3);
        assertThat(objects()).hasSize(4);
    }

    @Test
    void deletingCodeWithoutABucketIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() ->
                        new TeardownRequest(SVC, "streambot-env", true, null, "streambot/svc/", true, false).validate())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<bucket> (-Dstreambot.bucket) is not set, so the service's code objects cannot be found:"
                        + " set <bucket> to the code bucket, or keep the code with -Dstreambot.teardown.code=false");
    }
}
