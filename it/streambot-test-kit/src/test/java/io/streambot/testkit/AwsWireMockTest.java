package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

@LocalAws
class AwsWireMockTest {

    @Test
    void aScriptedDescribeStacksIsTheSdksTypedResult(AwsWireMock wire, CloudFormationClient cfn) {
        wire.stubCloudFormation(
                "DescribeStacks",
                """
                <Stacks><member>
                  <StackName>svc</StackName>
                  <StackId>arn:aws:cloudformation:eu-west-3:123456789012:stack/svc/1</StackId>
                  <StackStatus>CREATE_COMPLETE</StackStatus>
                  <CreationTime>2026-01-01T00:00:00Z</CreationTime>
                  <Outputs><member><OutputKey>TableName</OutputKey><OutputValue>streambot-env</OutputValue></member></Outputs>
                </member></Stacks>""");

        Stack stack = cfn.describeStacks(b -> b.stackName("svc")).stacks().get(0);

        assertThat(stack.stackName()).isEqualTo("svc");
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.outputs().get(0).outputValue()).isEqualTo("streambot-env");
        assertThat(wire.cloudFormationRequests("DescribeStacks")).hasSize(1);
        assertThat(wire.cloudFormationRequests("DescribeStacks").get(0).getBodyAsString())
                .contains("StackName=svc");
    }

    @Test
    void aScriptedValidationErrorIsTheSdksTypedException(AwsWireMock wire, CloudFormationClient cfn) {
        wire.stubCloudFormationError("DescribeStacks", 400, "ValidationError", "Stack with id nope does not exist");

        assertThatThrownBy(() -> cfn.describeStacks(b -> b.stackName("nope")))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> {
                    CloudFormationException cfe = (CloudFormationException) e;
                    assertThat(cfe.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(cfe.awsErrorDetails().errorMessage()).isEqualTo("Stack with id nope does not exist");
                    assertThat(cfe.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void actionsAreMatchedExactly(AwsWireMock wire, CloudFormationClient cfn) {
        wire.stubCloudFormation("DescribeStackEvents", "<StackEvents/>");
        wire.stubCloudFormationError("DescribeStacks", 400, "ValidationError", "no such stack");

        assertThat(cfn.describeStackEvents(b -> b.stackName("svc")).stackEvents())
                .isEmpty();
        assertThat(wire.cloudFormationRequests("DescribeStacks")).isEmpty();
    }

    @Test
    void scriptedLambdaAnswersAndErrorsAreTyped(AwsWireMock wire, LambdaClient lambda) {
        wire.stubLambda(
                "GET",
                LambdaWire.EVENT_SOURCE_MAPPINGS + "/abc",
                200,
                """
                {"UUID":"abc","State":"Enabled","BatchSize":100,
                 "FunctionArn":"arn:aws:lambda:eu-west-3:123456789012:function:fn"}""");
        wire.stubLambdaError(
                "GET", LambdaWire.EVENT_SOURCE_MAPPINGS + "/gone", 404, "ResourceNotFoundException", "not found");
        wire.stubLambdaError(
                "POST", LambdaWire.EVENT_SOURCE_MAPPINGS + "/?", 409, "ResourceConflictException", "already exists");

        var mapping = lambda.getEventSourceMapping(b -> b.uuid("abc"));
        assertThat(mapping.state()).isEqualTo("Enabled");
        assertThat(mapping.batchSize()).isEqualTo(100);
        assertThatThrownBy(() -> lambda.getEventSourceMapping(b -> b.uuid("gone")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.createEventSourceMapping(
                        b -> b.functionName("fn").eventSourceArn("arn:x")))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("already exists");
        assertThat(wire.lambdaRequests("POST", LambdaWire.EVENT_SOURCE_MAPPINGS + "/?"))
                .hasSize(1);
    }

    @Test
    void stubsFromAnEarlierTestAreGone(AwsWireMock wire) {
        assertThat(wire.server().getStubMappings()).isEmpty();
    }
}
