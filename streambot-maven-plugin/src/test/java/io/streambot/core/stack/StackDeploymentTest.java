package io.streambot.core.stack;

import static io.streambot.core.stack.CfnScript.STARTED;
import static io.streambot.core.stack.CfnScript.change;
import static io.streambot.core.stack.CfnScript.changeSet;
import static io.streambot.core.stack.CfnScript.changeSetCreated;
import static io.streambot.core.stack.CfnScript.event;
import static io.streambot.core.stack.CfnScript.events;
import static io.streambot.core.stack.CfnScript.stack;
import static io.streambot.core.stack.CfnScript.stackId;
import static io.streambot.core.stack.CfnScript.stacks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.aws.AwsCallException;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

@LocalAws
class StackDeploymentTest {
    static final String SVC = "svc";
    static final String TEMPLATE =
            """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Parameters": {
                "EventBucket": {"Type": "String"},
                "EventPrefix": {"Type": "String", "Default": "events/"}
              },
              "Resources": {
                "Function": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "index.handler"}}
              },
              "Outputs": {"FunctionName": {"Value": {"Ref": "Function"}}}
            }
            """;

    final RecordingEvents events = new RecordingEvents();
    final Recorded.Time time = new Recorded.Time();

    @TempDir
    Path out;

    StackDeployment deployment(CloudFormationClient cfn) {
        return deployment(cfn, null);
    }

    StackDeployment deployment(CloudFormationClient cfn, LocalS3 s3) {
        return new StackDeployment(
                cfn,
                () -> s3.client(),
                events,
                new Polling(Duration.ofMillis(100), Duration.ofMinutes(10), time.sleeper(), time),
                Confirmation.notAsked());
    }

    DeployRequest.Builder request(String template) {
        return DeployRequest.builder(SVC, StackTemplate.parse("svc.json", template))
                .parameters(Map.of("EventBucket", "my-events"))
                .outputDirectory(out);
    }

    /** The set-up most tests share: stack svc does not exist, and its change set adds the function. */
    static CfnScript newStackPlanningTheFunction(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        plan(s, SVC, "CREATE_COMPLETE", null, change("Add", "Function", "AWS::Lambda::Function", null));
        return s;
    }

    static void absent(CfnScript s, String stack) {
        s.error("DescribeStacks", STARTED, 400, "ValidationError", "Stack with id " + stack + " does not exist", null);
    }

    /** CreateChangeSet, then DescribeChangeSet: in progress once, then {@code status} with {@code changes}. */
    static void plan(CfnScript s, String stack, String status, String reason, String... changes) {
        s.on("CreateChangeSet", STARTED, changeSetCreated(stack), "planning")
                .on("DescribeChangeSet", "planning", changeSet(stack, "CREATE_IN_PROGRESS", null, null), "planned")
                .on("DescribeChangeSet", "planned", changeSet(stack, status, reason, null, changes), null)
                .always("DeleteChangeSet", "")
                .always("DeleteStack", "");
    }

    /**
     * ExecuteChangeSet, then the stack is {@code inProgress} once and {@code done} after; its events
     * before the request are {@code before}, after it {@code after} (newest first).
     */
    static void execution(CfnScript s, String inProgress, String done, List<String> before, List<String> after) {
        List<String> all = new java.util.ArrayList<>(after);
        all.addAll(before);
        s.on("DescribeStackEvents", "planned", events(null, before.toArray(String[]::new)), null)
                .on("ExecuteChangeSet", "planned", "", "executing")
                .on("DescribeStacks", "executing", stacks(inProgress), "done")
                .on("DescribeStackEvents", "done", events(null, all.toArray(String[]::new)), null)
                .on("DescribeStacks", "done", stacks(done), null);
    }

    @Test
    void createsAStackThroughAChangeSetAndStreamsItsEventsUntilComplete(AwsWireMock wire) throws Exception {
        CfnScript s = newStackPlanningTheFunction(wire);
        execution(
                s,
                stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "CREATE_COMPLETE", Map.of("EventBucket", "my-events"), Map.of("FunctionName", "svc-fn-1")),
                List.of(event("e0", SVC, SVC, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated", 0)),
                List.of(
                        event("e3", SVC, SVC, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null, 9),
                        event("e2", SVC, "Function", "AWS::Lambda::Function", "CREATE_COMPLETE", null, 8),
                        event("e1", SVC, "Function", "AWS::Lambda::Function", "CREATE_IN_PROGRESS", null, 2)));

        StackDeployment.Result result =
                deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.CREATED);
        assertThat(result.stack().outputs()).containsEntry("FunctionName", "svc-fn-1");
        String create = s.bodies("CreateChangeSet").get(0);
        assertThat(create)
                .contains("ChangeSetType=CREATE")
                .contains("StackName=svc")
                .contains("TemplateBody=" + TEMPLATE.strip().substring(0, 20))
                .contains("Parameters.member.1.ParameterKey=EventBucket")
                .contains("Parameters.member.1.ParameterValue=my-events")
                .doesNotContain("UsePreviousValue")
                .doesNotContain("Capabilities")
                // A failed first create deletes itself unless <onFailure> says otherwise.
                .contains("OnStackFailure=DELETE");
        assertThat(s.bodies("ExecuteChangeSet")).hasSize(1);
        assertThat(events.lines)
                .containsSubsequence(
                        "INFO Creating stack svc: 1 change",
                        "INFO   Add      Function (AWS::Lambda::Function)",
                        "INFO 08:00:02  Function                     AWS::Lambda::Function            CREATE_IN_PROGRESS",
                        "INFO 08:00:08  Function                     AWS::Lambda::Function            CREATE_COMPLETE",
                        "INFO Stack svc CREATE_COMPLETE",
                        "INFO   FunctionName = svc-fn-1")
                .noneMatch(l -> l.contains("REVIEW_IN_PROGRESS"));
        assertThat(Files.readString(out.resolve("stack-svc.json")))
                .contains("\"FunctionName\" : \"svc-fn-1\"")
                .contains("\"status\" : \"CREATE_COMPLETE\"");
    }

    @Test
    void updatesKeepingPreviousValuesOfParametersNotGivenAndPrintsReplacements(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.on(
                "DescribeStacks",
                STARTED,
                stacks(stack(SVC, "UPDATE_COMPLETE", Map.of("EventBucket", "old", "EventPrefix", "p/"), Map.of())),
                null);
        s.always("GetTemplate", "<TemplateBody>{\"Resources\":{}}</TemplateBody>");
        plan(
                s,
                SVC,
                "CREATE_COMPLETE",
                null,
                change("Modify", "Function", "AWS::Lambda::Function", "True"),
                change("Modify", "Queue", "AWS::SQS::Queue", "Conditional"),
                change("Remove", "Old", "AWS::SNS::Topic", null));
        execution(
                s,
                stack(SVC, "UPDATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "UPDATE_COMPLETE", Map.of("EventBucket", "my-events", "EventPrefix", "p/"), Map.of()),
                List.of(event("e0", SVC, SVC, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null, 0)),
                List.of(event("e1", SVC, SVC, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null, 7)));

        StackDeployment.Result result =
                deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UPDATED);
        String create = s.bodies("CreateChangeSet").get(0);
        assertThat(create)
                .contains("ChangeSetType=UPDATE")
                .contains("Parameters.member.1.ParameterKey=EventBucket")
                .contains("Parameters.member.1.ParameterValue=my-events")
                .contains("Parameters.member.2.ParameterKey=EventPrefix")
                .contains("Parameters.member.2.UsePreviousValue=true");
        assertThat(events.lines)
                .contains(
                        "INFO   Modify   Function (AWS::Lambda::Function) replacement: yes",
                        "INFO   Modify   Queue (AWS::SQS::Queue) replacement: conditional",
                        "INFO   Remove   Old (AWS::SNS::Topic)");
    }

    @Test
    void aRollbackFailsWithTheCustomResourcesReasonAndTheFinalStatus(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        plan(s, SVC, "CREATE_COMPLETE", null, change("Add", "Config", "Custom::StreambotEnv", null));
        String reason = "Received response status [FAILED] from custom resource. Message returned: table streambot-env"
                + " does not exist";
        execution(
                s,
                stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "ROLLBACK_COMPLETE", Map.of(), Map.of(), Map.of(), "The following resource(s) failed"),
                List.of(),
                List.of(
                        event("e5", SVC, SVC, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, 9),
                        event("e4", SVC, "Function", "AWS::Lambda::Function", "DELETE_COMPLETE", null, 8),
                        event(
                                "e3",
                                SVC,
                                SVC,
                                "AWS::CloudFormation::Stack",
                                "ROLLBACK_IN_PROGRESS",
                                "The following resource(s) failed to create: [Config, Other].",
                                6),
                        event("e2", SVC, "Other", "AWS::SQS::Queue", "CREATE_FAILED", "Resource creation cancelled", 5),
                        event("e1", SVC, "Config", "Custom::StreambotEnv", "CREATE_FAILED", reason, 4)));

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).build()))
                .isInstanceOfSatisfying(StackFailedException.class, e -> {
                    assertThat(e.finalStatus()).isEqualTo("ROLLBACK_COMPLETE");
                    assertThat(e.firstFailure()).isEqualTo("Config (Custom::StreambotEnv) CREATE_FAILED: " + reason);
                })
                .hasMessageContaining("Stack svc failed: ROLLBACK_COMPLETE")
                .hasMessageContaining("table streambot-env does not exist");
        assertThat(events.text())
                .contains("Config                       Custom::StreambotEnv             CREATE_FAILED");
    }

    @Test
    void throttledPollsBackOffWithJitterAndGoOn(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        s.on("DescribeStackEvents", "planned", events(null), null)
                .on("ExecuteChangeSet", "planned", "", "executing")
                .error("DescribeStacks", "executing", 400, "Throttling", "Rate exceeded", "throttled")
                .error("DescribeStacks", "throttled", 400, "Throttling", "Rate exceeded", "done")
                .on("DescribeStackEvents", "done", events(null), null)
                .on("DescribeStacks", "done", stacks(stack(SVC, "CREATE_COMPLETE", Map.of(), Map.of())), null);
        // Without the SDK's own retries, so the deployment's backoff is what is tested.
        CloudFormationClient noRetries = AwsEndpoints.configure(
                        CloudFormationClient.builder(), AwsWireMock.CLOUDFORMATION, wire.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();

        StackDeployment.Result result =
                deployment(noRetries).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.CREATED);
        assertThat(wire.cloudFormationRequests("DescribeStacks")).hasSize(4);
        // Base 100 ms: the first backoff is within [100, 200] ms, the second within [200, 400] ms.
        // One pause while the change set is computed, then the two backoffs.
        assertThat(time.sleeps).hasSize(3);
        assertThat(time.sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(time.sleeps.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        noRetries.close();
    }

    @Test
    void aChangeSetWithoutChangesIsSuccessAndIsDeleted(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.always(
                "DescribeStacks",
                stacks(stack(SVC, "CREATE_COMPLETE", Map.of("EventBucket", "my-events"), Map.of("FunctionName", "f"))));
        // The deployed template reads differently (e.g. reformatted by an emulator): only CloudFormation can tell.
        s.always("GetTemplate", "<TemplateBody>Resources: {Function: {Type: AWS::Lambda::Function}}</TemplateBody>");
        plan(
                s,
                SVC,
                "FAILED",
                "The submitted information didn't contain changes. Submit different information to"
                        + " create a change set.");

        StackDeployment.Result result =
                deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UP_TO_DATE);
        assertThat(result.stack().outputs()).containsEntry("FunctionName", "f");
        assertThat(wire.cloudFormationRequests("DeleteChangeSet")).hasSize(1);
        assertThat(wire.cloudFormationRequests("DeleteStack")).isEmpty();
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
        assertThat(events.text()).contains("Stack svc is up to date (CloudFormation: The submitted information didn't");
    }

    @Test
    void anIdenticalStackIsUpToDateWithoutAnyWrite(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.always(
                "DescribeStacks",
                stacks(stack(
                        SVC,
                        "UPDATE_COMPLETE",
                        Map.of("EventBucket", "my-events", "EventPrefix", "events/"),
                        Map.of("FunctionName", "f"),
                        Map.of("team", "data"),
                        null)));
        s.always("GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(TEMPLATE) + "</TemplateBody>");

        StackDeployment.Result result = deployment(wire.cloudFormation())
                .deploy(request(TEMPLATE).tags(Map.of("team", "data")).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UP_TO_DATE);
        assertThat(events.lines).contains("INFO Stack svc is up to date");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).isEmpty();
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
        assertThat(s.bodies("GetTemplate").get(0)).contains("TemplateStage=Original");
    }

    @Test
    void aChangedTagOrCodeKeyIsNotUpToDate(AwsWireMock wire) {
        String withCode = TEMPLATE.replace(
                "\"EventBucket\": {\"Type\": \"String\"},",
                "\"EventBucket\": {\"Type\": \"String\"}, \"CodeBucket\": {\"Type\": \"String\"},"
                        + " \"CodeKey\": {\"Type\": \"String\"},");
        CfnScript s = new CfnScript(wire);
        s.always(
                "DescribeStacks",
                stacks(stack(
                        SVC,
                        "UPDATE_COMPLETE",
                        Map.of("EventBucket", "my-events", "CodeBucket", "b", "CodeKey", "streambot/svc/aaa.zip"),
                        Map.of())));
        s.always("GetTemplate", "<TemplateBody>" + CloudFormationWire.xml(withCode) + "</TemplateBody>");
        plan(s, SVC, "FAILED", "No updates are to be performed.");

        StackDeployment.Result result = deployment(wire.cloudFormation())
                .deploy(request(withCode)
                        .code(new CodeLocation("b", "streambot/svc/bbb.zip", null))
                        .build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UP_TO_DATE);
        assertThat(s.bodies("CreateChangeSet").get(0))
                .contains("ParameterKey=CodeKey&Parameters.member.3.ParameterValue=streambot/svc/bbb.zip");
        assertThat(events.lines).contains("INFO Parameter CodeKey = streambot/svc/bbb.zip (automatic)");
    }

    @Test
    void aStackLeftInRollbackCompleteIsDeletedAndCreatedAgain(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.on(
                "DescribeStacks",
                STARTED,
                stacks(stack(
                        SVC,
                        "ROLLBACK_COMPLETE",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        "The following resource(s) failed to create: [Function].")),
                null);
        s.on(
                "DescribeStackEvents",
                STARTED,
                events(null, event("old1", SVC, SVC, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, 0)),
                null);
        s.on("DeleteStack", STARTED, "", "deleting")
                .on(
                        "DescribeStacks",
                        "deleting",
                        stacks(stack(SVC, "DELETE_IN_PROGRESS", Map.of(), Map.of())),
                        "deleted")
                .on("DescribeStackEvents", "deleting", events(null), null)
                .on(
                        "DescribeStackEvents",
                        "deleted",
                        events(
                                null,
                                event("old2", SVC, SVC, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null, 3),
                                event("old1", SVC, SVC, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, 0)),
                        null)
                .on("DescribeStacks", "deleted", stacks(stack(SVC, "DELETE_COMPLETE", Map.of(), Map.of())), null)
                .on("CreateChangeSet", "deleted", changeSetCreated(SVC), "planned")
                .on(
                        "DescribeChangeSet",
                        "planned",
                        changeSet(
                                SVC,
                                "CREATE_COMPLETE",
                                null,
                                null,
                                change("Add", "Function", "AWS::Lambda::Function", null)),
                        null);
        execution(
                s,
                stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "CREATE_COMPLETE", Map.of(), Map.of()),
                List.of(),
                List.of(event("n1", SVC, SVC, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null, 9)));

        StackDeployment.Result result =
                deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.CREATED);
        assertThat(s.bodies("DeleteStack")).singleElement().asString().contains("StackName=" + stackId(SVC));
        assertThat(s.bodies("CreateChangeSet").get(0)).contains("ChangeSetType=CREATE");
        assertThat(events.lines)
                .containsSubsequence(
                        "WARN Stack svc is in ROLLBACK_COMPLETE after a failed first create (reason: The following"
                                + " resource(s) failed to create: [Function].): deleting it to create it again",
                        "INFO Stack svc deleted; creating it again",
                        "INFO Stack svc CREATE_COMPLETE");
    }

    @Test
    void aBusyStackStopsWithAClearMessageAndNoFurtherCalls(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.on("DescribeStacks", STARTED, stacks(stack(SVC, "UPDATE_IN_PROGRESS", Map.of(), Map.of())), null);

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).build()))
                .isInstanceOf(StackDeploymentException.class)
                .hasMessageContaining("Stack svc is busy (UPDATE_IN_PROGRESS) in another operation")
                .hasMessageContaining("deploy again");
        assertThat(wire.server().getAllServeEvents()).hasSize(1);
    }

    @Test
    void anUpdateRollbackFailedStackNamesTheManualStep(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.on(
                "DescribeStacks",
                STARTED,
                stacks(stack(
                        SVC, "UPDATE_ROLLBACK_FAILED", Map.of(), Map.of(), Map.of(), "Function failed to roll back")),
                null);

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).build()))
                .isInstanceOf(StackDeploymentException.class)
                .hasMessageContaining("UPDATE_ROLLBACK_FAILED (Function failed to roll back)")
                .hasMessageContaining("aws cloudformation continue-update-rollback --stack-name svc");
        assertThat(wire.server().getAllServeEvents()).hasSize(1);
    }

    @Test
    void eventsArePagedBackToTheLastOneSeenAndPrintedOldestFirst(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        String e0 = event("e0", SVC, SVC, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated", 0);
        s.on("DescribeStackEvents", "planned", events("page-2-of-marker", e0), null)
                .on("ExecuteChangeSet", "planned", "", "executing")
                .on("DescribeStacks", "executing", stacks(stack(SVC, "CREATE_COMPLETE", Map.of(), Map.of())), null)
                .on(
                        "DescribeStackEvents",
                        "executing",
                        events(
                                "t2",
                                event("e4", SVC, SVC, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null, 9),
                                event("e3", SVC, "Function", "AWS::Lambda::Function", "CREATE_COMPLETE", null, 8)),
                        null);
        wire.server()
                .stubFor(io.streambot.testkit.AwsWireMock.cloudFormationAction("DescribeStackEvents")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("NextToken=t2"))
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStackEvents",
                                events(
                                        null,
                                        event(
                                                "e2",
                                                SVC,
                                                "Function",
                                                "AWS::Lambda::Function",
                                                "CREATE_IN_PROGRESS",
                                                null,
                                                3),
                                        event(
                                                "e1",
                                                SVC,
                                                SVC,
                                                "AWS::CloudFormation::Stack",
                                                "CREATE_IN_PROGRESS",
                                                null,
                                                1),
                                        e0,
                                        event(
                                                "older",
                                                SVC,
                                                SVC,
                                                "AWS::CloudFormation::Stack",
                                                "SHOULD_NOT_SHOW",
                                                null,
                                                0)))));

        deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        List<String> eventLines =
                events.lines.stream().filter(l -> l.startsWith("INFO 08:00:")).toList();
        assertThat(eventLines).hasSize(4);
        assertThat(eventLines.get(0)).contains("svc").contains("CREATE_IN_PROGRESS");
        assertThat(eventLines.get(1)).contains("Function").contains("CREATE_IN_PROGRESS");
        assertThat(eventLines.get(2)).contains("Function").contains("CREATE_COMPLETE");
        assertThat(eventLines.get(3)).contains("svc").contains("CREATE_COMPLETE");
        assertThat(s.bodies("DescribeStackEvents")).anyMatch(b -> b.contains("NextToken=t2"));
    }

    @Test
    void parametersComeFromThePomTheUploadAndThePrimaryStack(AwsWireMock wire) {
        String seedLike =
                """
                {"Parameters": {
                   "EventBucket": {"Type": "String"},
                   "CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"},
                   "CodeVersion": {"Type": "String", "Default": ""},
                   "StreambotEnvFunctionArn": {"Type": "String"},
                   "StreambotConnectorFunctionArn": {"Type": "String"},
                   "ConfigTableName": {"Type": "String"}},
                 "Resources": {
                   "Role": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/streambot/"}},
                   "Config": {"Type": "Custom::StreambotEnv", "Properties": {"ServiceToken": {"Ref": "StreambotEnvFunctionArn"}}}}}
                """;
        CfnScript s = new CfnScript(wire);
        s.error("DescribeStacks", STARTED, 400, "ValidationError", "Stack with id svc does not exist", null);
        s.alwaysForStack(
                "DescribeStacks",
                "streambot",
                stacks(stack(
                        "streambot",
                        "CREATE_COMPLETE",
                        Map.of(),
                        Map.of(
                                "StreambotEnvFunctionArn",
                                "arn:aws:lambda:eu-west-3:123456789012:function:env",
                                "StreambotConnectorFunctionArn",
                                "arn:aws:lambda:eu-west-3:123456789012:function:conn",
                                "ConfigTableName",
                                "streambot-env"))));
        plan(s, SVC, "CREATE_COMPLETE", null, change("Add", "Role", "AWS::IAM::Role", null));
        s.on("DescribeStackEvents", "planned", events(null), null).always("DescribeStackEvents", events(null));
        s.on("ExecuteChangeSet", "planned", "", "executing")
                .on("DescribeStacks", "executing", stacks(stack(SVC, "CREATE_COMPLETE", Map.of(), Map.of())), null);

        deployment(wire.cloudFormation())
                .deploy(request(seedLike)
                        .code(new CodeLocation("code-bucket", "streambot/svc/abc.zip", "v7"))
                        .tags(Map.of("team", "data"))
                        .roleArn("arn:aws:iam::123456789012:role/deployer")
                        .notificationArns(List.of("arn:aws:sns:eu-west-3:123456789012:deploys"))
                        .build());

        String body = s.bodies("CreateChangeSet").get(0);
        assertThat(body)
                .contains("Parameters.member.1.ParameterKey=EventBucket&Parameters.member.1.ParameterValue=my-events")
                .contains("ParameterKey=CodeBucket&Parameters.member.2.ParameterValue=code-bucket")
                .contains("ParameterKey=CodeKey&Parameters.member.3.ParameterValue=streambot/svc/abc.zip")
                .contains("ParameterKey=CodeVersion&Parameters.member.4.ParameterValue=v7")
                .contains("ParameterValue=arn:aws:lambda:eu-west-3:123456789012:function:env")
                .contains("ParameterValue=arn:aws:lambda:eu-west-3:123456789012:function:conn")
                .contains("ParameterKey=ConfigTableName&Parameters.member.7.ParameterValue=streambot-env")
                .contains("Capabilities.member.1=CAPABILITY_IAM")
                .contains("Tags.member.1.Key=team&Tags.member.1.Value=data")
                .contains("RoleARN=arn:aws:iam::123456789012:role/deployer")
                .contains("NotificationARNs.member.1=arn:aws:sns:eu-west-3:123456789012:deploys");
    }

    @Test
    void aMissingPrimaryStackFailsBeforeAnyWriteNamingTheParameterAndTheFix(AwsWireMock wire) {
        String template = TEMPLATE.replace(
                "\"EventBucket\": {\"Type\": \"String\"},",
                "\"EventBucket\": {\"Type\": \"String\"}, \"StreambotEnvFunctionArn\": {\"Type\": \"String\"},");
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        s.error("DescribeStacks", STARTED, 400, "ValidationError", "Stack with id svc does not exist", null);
        wire.stubCloudFormationError("DescribeStacks", 400, "ValidationError", "Stack with id x does not exist");

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(template).build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<parameters><StreambotEnvFunctionArn>")
                .hasMessageContaining("the primary streambot stack streambot does not exist")
                .hasMessageContaining("-Dstreambot.primaryStack=true");
        assertThat(wire.server().getAllServeEvents())
                .allMatch(e -> e.getRequest().getBodyAsString().contains("Action=DescribeStacks"));
    }

    @Test
    void unknownParametersFailBeforeAnyCall(AwsWireMock wire) {
        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE)
                                .parameters(Map.of("EventBuckett", "x"))
                                .build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<parameters>")
                .hasMessageContaining("EventBuckett")
                .hasMessageContaining("declared: EventBucket, EventPrefix");
        assertThat(wire.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void missingRequiredParametersFailBeforeAnyWriteNamingThem(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).parameters(Map.of()).build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gives no value for EventBucket")
                .hasMessageContaining("-Dstreambot.parameter.EventBucket=");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).isEmpty();
    }

    @Test
    void aDryRunPrintsThePlanAndLeavesNothingBehind(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);

        StackDeployment.Result result = deployment(wire.cloudFormation())
                .deploy(request(TEMPLATE).dryRun(true).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.DRY_RUN);
        assertThat(events.lines)
                .contains(
                        "INFO   Add      Function (AWS::Lambda::Function)",
                        "INFO Dry run: stack svc left unchanged (change set deleted)");
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
        assertThat(wire.cloudFormationRequests("DeleteChangeSet")).hasSize(1);
        // The empty REVIEW_IN_PROGRESS stack a CREATE change set makes is removed too.
        assertThat(s.bodies("DeleteStack")).singleElement().asString().contains(stackId(SVC));
    }

    @Test
    void aFailedChangeSetIsTheTemplatesFault(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        plan(s, SVC, "FAILED", "Template format error: Unresolved resource dependencies [Nope]");

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).build()))
                .isInstanceOf(StackFailedException.class)
                .hasMessageContaining("Unresolved resource dependencies [Nope]");
        assertThat(wire.cloudFormationRequests("DeleteChangeSet")).hasSize(1);
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
    }

    @Test
    void theDeadlineStopsTheWaitWithAClearMessage(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        s.on("DescribeStackEvents", "planned", events(null), null)
                .on("ExecuteChangeSet", "planned", "", "executing")
                .on("DescribeStacks", "executing", stacks(stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of())), null)
                .on("DescribeStackEvents", "executing", events(null), null);
        StackDeployment deployment = new StackDeployment(
                wire.cloudFormation(),
                () -> null,
                events,
                new Polling(Duration.ofSeconds(3), Duration.ofSeconds(10), time.sleeper(), time),
                Confirmation.notAsked());

        assertThatThrownBy(() -> deployment.deploy(request(TEMPLATE).build()))
                .isInstanceOf(StackDeploymentException.class)
                .hasMessageContaining("Stack svc is still CREATE_IN_PROGRESS after PT10S");
        assertThat(time.sleeps).hasSizeBetween(3, 5);
    }

    @Test
    void aTemplateOverTheInlineLimitGoesToS3ContentAddressed(AwsWireMock wire, LocalS3 s3) throws Exception {
        String bucket = s3.createBucket("templates");
        String big = TEMPLATE.replace(
                "\"Handler\": \"index.handler\"",
                "\"Handler\": \"index.handler\", \"Description\": \"" + "x".repeat(StackTemplate.INLINE_LIMIT_BYTES)
                        + "\"");
        CfnScript s = newStackPlanningTheFunction(wire);

        deployment(wire.cloudFormation(), s3)
                .deploy(request(big)
                        .dryRun(true)
                        .templateBucket(bucket, "streambot")
                        .build());

        String body = s.bodies("CreateChangeSet").get(0);
        assertThat(body).contains("TemplateURL=").doesNotContain("TemplateBody=");
        String url = body.replaceAll("(?s).*TemplateURL=([^&]*).*", "$1");
        String key = url.substring(url.indexOf(bucket + "/") + bucket.length() + 1);
        assertThat(key).matches("streambot/templates/[0-9a-f]{64}\\.json");
        String stored =
                s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        assertThat(stored).isEqualTo(big);
    }

    @Test
    void aLargeTemplateWithoutABucketFailsBeforeAnyCall(AwsWireMock wire) {
        String big = TEMPLATE.replace(
                "\"Handler\": \"index.handler\"",
                "\"Handler\": \"" + "x".repeat(StackTemplate.INLINE_LIMIT_BYTES) + "\"");

        assertThatThrownBy(() ->
                        deployment(wire.cloudFormation()).deploy(request(big).build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<bucket> (-Dstreambot.bucket)")
                .hasMessageContaining("over the 51200 bytes");
        assertThat(wire.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void thePrimaryStackIsDeployedFirstAndItsOutputsFillTheService(AwsWireMock wire) {
        String primaryTemplate =
                """
                {"Parameters": {"CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"},
                                "TableName": {"Type": "String", "Default": "streambot-env"}},
                 "Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}},
                 "Outputs": {"StreambotEnvFunctionArn": {"Value": "x"}}}
                """;
        String service = TEMPLATE.replace(
                "\"EventBucket\": {\"Type\": \"String\"},",
                "\"EventBucket\": {\"Type\": \"String\"}, \"StreambotEnvFunctionArn\": {\"Type\": \"String\"},");
        Map<String, String> primaryOutputs =
                Map.of("StreambotEnvFunctionArn", "arn:aws:lambda:eu-west-3:1:function:env");
        CfnScript s = new CfnScript(wire);
        // Both stacks exist and are identical to what is deployed: two no-ops, no writes.
        s.alwaysForStack(
                "DescribeStacks",
                "streambot",
                stacks(stack(
                        "streambot",
                        "CREATE_COMPLETE",
                        Map.of("CodeBucket", "b", "CodeKey", "providers/abc.zip", "TableName", "streambot-env"),
                        primaryOutputs)));
        s.alwaysForStack(
                "DescribeStacks",
                SVC,
                stacks(stack(
                        SVC,
                        "CREATE_COMPLETE",
                        Map.of(
                                "EventBucket",
                                "my-events",
                                "StreambotEnvFunctionArn",
                                "arn:aws:lambda:eu-west-3:1:function:env"),
                        Map.of())));
        s.alwaysForStack(
                "GetTemplate",
                "streambot",
                "<TemplateBody>" + CloudFormationWire.xml(primaryTemplate) + "</TemplateBody>");
        s.alwaysForStack("GetTemplate", SVC, "<TemplateBody>" + CloudFormationWire.xml(service) + "</TemplateBody>");

        StackDeployment.Result result = deployment(wire.cloudFormation())
                .deployWithPrimary(
                        () -> StackTemplate.parse("streambot.template.json", primaryTemplate),
                        new CodeLocation("b", "providers/abc.zip", null),
                        request(service).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UP_TO_DATE);
        assertThat(events.lines)
                .containsSubsequence(
                        "INFO Primary streambot stack streambot:",
                        "INFO Stack streambot is up to date",
                        "INFO Service stack svc:",
                        "INFO Parameter StreambotEnvFunctionArn = arn:aws:lambda:eu-west-3:1:function:env (automatic)",
                        "INFO Stack svc is up to date");
        assertThat(wire.cloudFormationRequests("CreateChangeSet")).isEmpty();
    }

    @Test
    void anImmediateNoUpdatesAnswerIsUpToDateToo(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.always("DescribeStacks", stacks(stack(SVC, "UPDATE_COMPLETE", Map.of("EventBucket", "old"), Map.of())));
        s.always("GetTemplate", "<TemplateBody>{}</TemplateBody>");
        wire.stubCloudFormationError("CreateChangeSet", 400, "ValidationError", "No updates are to be performed.");

        StackDeployment.Result result =
                deployment(wire.cloudFormation()).deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.UP_TO_DATE);
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
    }

    @Test
    void aDeclinedConfirmationLeavesTheStackAsItWas(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        List<String> questions = new java.util.ArrayList<>();
        StackDeployment deployment = new StackDeployment(
                wire.cloudFormation(),
                () -> null,
                events,
                new Polling(Duration.ofMillis(100), Duration.ofMinutes(10), time.sleeper(), time),
                q -> questions.add(q) && false);

        StackDeployment.Result result = deployment.deploy(request(TEMPLATE).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.CANCELLED);
        assertThat(questions).containsExactly("Create stack svc with these changes?");
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
        assertThat(wire.cloudFormationRequests("DeleteChangeSet")).hasSize(1);
        assertThat(wire.cloudFormationRequests("DeleteStack")).hasSize(1);
    }

    @Test
    void aCreateWithOnFailureDeleteThatFailsReportsTheReason(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        execution(
                s,
                stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "DELETE_COMPLETE", Map.of(), Map.of()),
                List.of(),
                List.of(
                        event("e2", SVC, SVC, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null, 9),
                        event(
                                "e1",
                                SVC,
                                "Function",
                                "AWS::Lambda::Function",
                                "CREATE_FAILED",
                                "Resource handler returned message: \"Runtime java7 is not supported\"",
                                4)));

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).onFailure("delete").build()))
                .isInstanceOf(StackFailedException.class)
                .hasMessageContaining("Stack svc failed: DELETE_COMPLETE; first failure: Function"
                        + " (AWS::Lambda::Function) CREATE_FAILED: Resource handler returned message:");
        assertThat(s.bodies("CreateChangeSet").get(0)).contains("OnStackFailure=DELETE");
    }

    @Test
    void terminationProtectionIsTurnedOnAfterTheCreate(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        s.always("UpdateTerminationProtection", "<StackId>" + stackId(SVC) + "</StackId>");
        execution(
                s,
                stack(SVC, "CREATE_IN_PROGRESS", Map.of(), Map.of()),
                stack(SVC, "CREATE_COMPLETE", Map.of(), Map.of()),
                List.of(),
                List.of(event("e1", SVC, SVC, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null, 9)));

        deployment(wire.cloudFormation())
                .deploy(request(TEMPLATE)
                        .terminationProtection(true)
                        .disableRollback(true)
                        .build());

        assertThat(s.bodies("CreateChangeSet").get(0)).contains("OnStackFailure=DO_NOTHING");
        assertThat(s.bodies("UpdateTerminationProtection"))
                .singleElement()
                .asString()
                .contains("EnableTerminationProtection=true")
                .contains("StackName=" + stackId(SVC));
        assertThat(events.lines).contains("INFO Termination protection of stack svc enabled");
    }

    @Test
    void thePrimaryStackNeedsItsTemplateAndTheProvidersCodeBeforeAnyCall(AwsWireMock wire) {
        StackDeployment deployment = deployment(wire.cloudFormation());
        String primary = "{\"Parameters\": {\"CodeKey\": {\"Type\": \"String\"}},"
                + " \"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\"}}}";

        assertThatThrownBy(() -> deployment.deployWithPrimary(
                        () -> null, null, request(TEMPLATE).build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<deployPrimaryStack> (-Dstreambot.primaryStack) = 'true' finds no primary"
                        + " template /io/streambot/providers/streambot.template.json");
        assertThatThrownBy(() -> deployment.deployWithPrimary(
                        () -> StackTemplate.parse("streambot.template.json", primary),
                        null,
                        request(TEMPLATE).build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("needs the providers' code")
                .hasMessageContaining("run the upload goal with -Dstreambot.primaryStack=true first");
        assertThat(wire.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void everyPageOfTheChangeSetIsPrinted(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        s.on("CreateChangeSet", STARTED, changeSetCreated(SVC), "planned")
                .on(
                        "DescribeChangeSet",
                        "planned",
                        changeSet(SVC, "CREATE_COMPLETE", null, "page2", change("Add", "Role", "AWS::IAM::Role", null)),
                        null)
                .always("DeleteChangeSet", "")
                .always("DeleteStack", "");
        wire.server()
                .stubFor(AwsWireMock.cloudFormationAction("DescribeChangeSet")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("NextToken=page2"))
                        .willReturn(CloudFormationWire.ok(
                                "DescribeChangeSet",
                                changeSet(
                                        SVC,
                                        "CREATE_COMPLETE",
                                        null,
                                        null,
                                        change("Add", "Function", "AWS::Lambda::Function", null)))));

        deployment(wire.cloudFormation()).deploy(request(TEMPLATE).dryRun(true).build());

        assertThat(events.lines)
                .containsSubsequence(
                        "INFO Creating stack svc: 2 changes",
                        "INFO   Add      Role (AWS::IAM::Role)",
                        "INFO   Add      Function (AWS::Lambda::Function)");
    }

    /** A CloudFormation client without the SDK's retries, so an error answer is final at once. */
    static CloudFormationClient noRetries(AwsWireMock wire) {
        return AwsEndpoints.configure(CloudFormationClient.builder(), AwsWireMock.CLOUDFORMATION, wire.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void aFirstDeployWhoseChangeSetCannotBeDescribedDeletesTheEmptyStackItMade(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        s.on("CreateChangeSet", STARTED, changeSetCreated(SVC), "planning")
                .error("DescribeChangeSet", "planning", 500, "InternalFailure", "try later", null)
                .always("DeleteChangeSet", "")
                .always("DeleteStack", "");

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn).deploy(request(TEMPLATE).build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not call DescribeChangeSet (stack svc)")
                    .hasMessageContaining("the empty stack svc this deploy created was deleted");
        }
        assertThat(s.bodies("DeleteChangeSet"))
                .singleElement()
                .asString()
                .contains("ChangeSetName=" + CfnScript.changeSetId(SVC))
                .contains("StackName=svc");
        assertThat(s.bodies("DeleteStack")).singleElement().asString().contains("StackName=" + stackId(SVC));
        assertThat(s.bodies("DescribeChangeSet")).allMatch(b -> b.contains("StackName=svc"));
        assertThat(wire.cloudFormationRequests("ExecuteChangeSet")).isEmpty();
        assertThat(events.lines).anyMatch(l -> l.startsWith("INFO Cleaned up after the failure: change set"));
    }

    @Test
    void aFirstDeployWhoseCreateChangeSetAnswerIsLostDeletesTheStackItMadeAnyway(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        // CreateChangeSet made the change set and its stack, but the answer was an error: only this run's
        // unique change set name can prove whose they are.
        s.error("CreateChangeSet", STARTED, 500, "InternalFailure", "We encountered an internal error", "made")
                .on("DescribeChangeSet", "made", changeSet(SVC, "CREATE_COMPLETE", null, null), null)
                .always("DeleteChangeSet", "")
                .always("DeleteStack", "");

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn).deploy(request(TEMPLATE).build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not call CreateChangeSet (stack svc)")
                    .hasMessageContaining("the empty stack svc this deploy created was deleted");
        }
        String changeSetName = s.bodies("CreateChangeSet").get(0).replaceAll("(?s).*ChangeSetName=([^&]*).*", "$1");
        assertThat(changeSetName).matches("streambot-\\d{8}T\\d{6}-[0-9a-f]{8}");
        assertThat(s.bodies("DescribeChangeSet"))
                .singleElement()
                .asString()
                .contains("ChangeSetName=" + changeSetName)
                .contains("StackName=svc");
        assertThat(s.bodies("DeleteStack")).singleElement().asString().contains("StackName=" + stackId(SVC));
    }

    @Test
    void aRefusedCreateChangeSetThatMadeNothingDeletesNothing(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        wire.stubCloudFormationError("CreateChangeSet", 400, "ValidationError", "Parameter EventBucket is invalid");
        wire.stubCloudFormationError(
                "DescribeChangeSet", 404, "ChangeSetNotFound", "ChangeSet [streambot-x] does not exist");

        assertThatThrownBy(() -> deployment(wire.cloudFormation())
                        .deploy(request(TEMPLATE).build()))
                .isInstanceOf(StackFailedException.class)
                .hasMessageContaining("for stack svc (CreateChangeSet): Parameter EventBucket is invalid")
                .hasMessageNotContaining("deleted");
        assertThat(wire.cloudFormationRequests("DeleteStack")).isEmpty();
        assertThat(wire.cloudFormationRequests("DeleteChangeSet")).isEmpty();
    }

    @Test
    void aStackAlreadyInReviewInProgressIsNotThisRunsToDelete(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        s.on("DescribeStacks", STARTED, stacks(stack(SVC, "REVIEW_IN_PROGRESS", Map.of(), Map.of())), null);
        plan(s, SVC, "CREATE_COMPLETE", null, change("Add", "Function", "AWS::Lambda::Function", null));

        StackDeployment.Result result = deployment(wire.cloudFormation())
                .deploy(request(TEMPLATE).dryRun(true).build());

        assertThat(result.outcome()).isEqualTo(StackDeployment.Outcome.DRY_RUN);
        assertThat(s.bodies("CreateChangeSet").get(0)).contains("ChangeSetType=CREATE");
        assertThat(s.bodies("DeleteChangeSet")).singleElement().asString().contains("StackName=svc");
        assertThat(wire.cloudFormationRequests("DeleteStack")).isEmpty();
    }

    @Test
    void aFailedExecuteDeletesTheChangeSetAndTheNewStack(AwsWireMock wire) {
        CfnScript s = newStackPlanningTheFunction(wire);
        s.on("DescribeStackEvents", "planned", events(null), null)
                .error("ExecuteChangeSet", "planned", 403, "AccessDenied", "not authorized to ExecuteChangeSet", null);

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn).deploy(request(TEMPLATE).build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not call ExecuteChangeSet (stack svc): access denied")
                    .hasMessageContaining("the empty stack svc this deploy created was deleted");
        }
        assertThat(s.bodies("ExecuteChangeSet")).singleElement().asString().contains("StackName=svc");
        assertThat(s.bodies("DeleteChangeSet")).singleElement().asString().contains("StackName=svc");
        assertThat(s.bodies("DeleteStack")).singleElement().asString().contains("StackName=" + stackId(SVC));
    }

    @Test
    void aCleanupThatFailsSaysWhatIsLeftAndHowToRemoveIt(AwsWireMock wire) {
        CfnScript s = new CfnScript(wire);
        absent(s, SVC);
        s.on("CreateChangeSet", STARTED, changeSetCreated(SVC), "planning")
                .on("DescribeChangeSet", "planning", changeSet(SVC, "FAILED", "Template error: [Nope]", null), null);
        wire.stubCloudFormationError("DeleteChangeSet", 403, "AccessDenied", "no");
        wire.stubCloudFormationError("DeleteStack", 403, "AccessDenied", "no");

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn).deploy(request(TEMPLATE).build()))
                    .isInstanceOf(StackFailedException.class)
                    .hasMessageContaining("CloudFormation could not plan the change to stack svc (CreateChangeSet):"
                            + " Template error: [Nope]")
                    .hasMessageContaining("aws cloudformation delete-change-set --stack-name svc")
                    .hasMessageContaining("aws cloudformation delete-stack --stack-name svc");
        }
        assertThat(events.lines).anyMatch(l -> l.startsWith("WARN LEFT BEHIND: change set"));
    }

    @Test
    void aFailureOfThePrimaryStackNamesThePrimaryStackAndTheOperation(AwsWireMock wire) {
        String primaryTemplate = "{\"Resources\": {\"Table\": {\"Type\": \"AWS::DynamoDB::Table\"}}}";
        CfnScript s = new CfnScript(wire);
        s.error("DescribeStacks", STARTED, 400, "ValidationError", "Stack with id streambot does not exist", null);
        wire.stubCloudFormationError("CreateChangeSet", 403, "AccessDenied", "User is not authorized");

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn)
                            .deployWithPrimary(
                                    () -> StackTemplate.parse("streambot.template.json", primaryTemplate),
                                    null,
                                    request(TEMPLATE).build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not call CreateChangeSet (stack streambot): access denied")
                    .hasMessageNotContaining("svc");
        }
        assertThat(s.bodies("CreateChangeSet")).singleElement().asString().contains("StackName=streambot");
    }

    @Test
    void aFailedDescribeOfTheStackNamesTheStackAndTheOperation(AwsWireMock wire) {
        wire.stubCloudFormationError("DescribeStacks", 403, "AccessDenied", "User is not authorized");

        try (CloudFormationClient cfn = noRetries(wire)) {
            assertThatThrownBy(() -> deployment(cfn).deploy(request(TEMPLATE).build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("could not call DescribeStacks (stack svc): access denied");
        }
    }
}
