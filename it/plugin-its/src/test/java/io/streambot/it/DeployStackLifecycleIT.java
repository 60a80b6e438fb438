package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streambot.testkit.AwsEndpoints;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The whole life of a stack against an external CloudFormation endpoint ({@code -Dstreambot.it.endpoint}
 * or {@code .cloudformation}, {@code aws} for AWS itself): create, update, no-op, outputs, delete.
 * Skipped without one: WireMock cannot play a real CloudFormation.
 */
class DeployStackLifecycleIT {
    private final String stackName =
            "streambot-it-" + UUID.randomUUID().toString().substring(0, 8);
    private CloudFormationClient cloudFormation;

    @Test
    void deployUpdateNoOpOutputsDelete() throws Exception {
        assumeTrue(
                AwsEndpoints.isExternal("cloudformation"),
                "needs an external CloudFormation endpoint: -Dstreambot.it.endpoint=URL|aws");
        cloudFormation = AwsEndpoints.configure(
                        CloudFormationClient.builder(), "cloudformation", URI.create("http://127.0.0.1:1"))
                .build();

        ChildBuild.Result created = deploy("create", "hello");
        assertThat(created.succeeded()).as(created.log()).isTrue();
        assertThat(created.log()).contains("Creating stack " + stackName).contains("Greeting = hello");
        assertThat(Files.readString(created.directory().resolve("target/streambot/stack-" + stackName + ".json")))
                .contains("\"Greeting\" : \"hello\"")
                .contains("\"SettingName\"");

        ChildBuild.Result updated = deploy("update", "bonjour");
        assertThat(updated.succeeded()).as(updated.log()).isTrue();
        assertThat(updated.log())
                .contains("Updating stack " + stackName)
                .contains("Modify   Setting (AWS::SSM::Parameter)")
                .contains("Greeting = bonjour");

        ChildBuild.Result unchanged = deploy("no-op", "bonjour");
        assertThat(unchanged.succeeded()).as(unchanged.log()).isTrue();
        assertThat(unchanged.log()).contains("Stack " + stackName + " is up to date");
        assertThat(unchanged.log()).doesNotContain("Updating stack");
    }

    private ChildBuild.Result deploy(String step, String greeting) {
        ChildBuild build = ChildBuild.of("deploy-stack-lifecycle", stackName + "-" + step)
                .goals(ChildBuild.goal("deploy-stack"))
                .property("streambot.stack", stackName)
                .property("streambot.region", AwsEndpoints.region().id())
                .property("streambot.parameter.Greeting", greeting)
                .property("streambot.pollInterval", "3s");
        AwsEndpoints.endpointFor("cloudformation", URI.create("http://127.0.0.1:1"))
                .ifPresent(uri -> build.property("streambot.endpoint", uri));
        return build.run();
    }

    @AfterEach
    void deleteTheStack() throws InterruptedException {
        if (cloudFormation == null) {
            return;
        }
        try {
            cloudFormation.deleteStack(b -> b.stackName(stackName));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (Instant.now().isBefore(deadline)) {
                var stacks = cloudFormation
                        .describeStacks(b -> b.stackName(stackName))
                        .stacks();
                if (stacks.isEmpty() || stacks.get(0).stackStatus() == StackStatus.DELETE_COMPLETE) {
                    break;
                }
                Thread.sleep(3000);
            }
        } catch (CloudFormationException e) {
            // "does not exist": deleted already, or never created
        } finally {
            cloudFormation.close();
        }
    }
}
