package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.streambot.it.ScriptedStack.added;
import static io.streambot.it.ScriptedStack.forStack;
import static io.streambot.it.ScriptedStack.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.CloudFormationWire;
import io.streambot.testkit.Created;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalKinesis;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The stream-processing example ({@code it/examples/stream-processing}: the function modules {@code processor}
 * and {@code replay}, the stack module {@code service}) as a user runs it, in a copy of the example: {@code mvn
 * deploy} at its root uploads both bundles and deploys one stack whose change set has both functions' code
 * parameters filled from those uploads; both modules bundle their dependencies into one shared layer, which the
 * template publishes once for both functions. After a one-line change in the processor, {@code mvn deploy} again
 * sends only the processor's function zip (kilobytes), and the layer costs a HeadObject. The deploy command is the
 * one of {@code src/site/markdown/walkthrough-multi-function.md}, read from the page. Each function module's
 * bundle then runs under {@code streambot:invoke} as Lambda would, against DynamoDB Local and kinesis-local.
 *
 * <p>Locally, CloudFormation is WireMock scripted as an account with the primary streambot stack, and S3 is the
 * kit's S3Mock behind it. With {@code -Dstreambot.it.endpoint} the builds go to that endpoint instead (which must
 * have the primary streambot stack), and the stack is deleted when the test ends, also when it fails.
 */
@LocalAws
class StreamProcessingServiceIT {
    private static final Path EXAMPLES =
            Path.of(System.getProperty("streambot.root", "../..")).resolve("it/examples");
    private static final Path WALKTHROUGH = Path.of(System.getProperty("streambot.root", "../.."))
            .resolve("src/site/markdown/walkthrough-multi-function.md");
    private static final String PLUGIN =
            "io.streambot:streambot-maven-plugin:" + System.getProperty("streambot.version");
    private static final String PROCESSOR_SOURCE =
            "processor/src/main/java/io/streambot/examples/processing/EventProcessor.java";
    /** The values of the replay's sample event (replay/src/test/resources/events/failed-batch.json). */
    private static final String SAMPLE_STREAM_ARN =
            "arn:aws:kinesis:eu-west-1:000000000000:stream/stream-processing-EventStream-1A2B";

    private static final String SAMPLE_START = "49590338271490256608559692538361571095921575989136588891";
    private static final String SAMPLE_END = "49590338271490256608559692540925702759324208523137515619";
    /** What "kilobytes, not the dependencies" means for the second deploy's uploads. */
    private static final long ONE_MB = 1L << 20;

    private static final String REGION = AwsEndpoints.region().id();
    private static final String ACCOUNT = "000000000000";

    @Test
    void mvnDeployAtTheRootDeploysBothFunctionsAndAOneLineChangeUploadsOnlyItsModule(LocalS3 s3, AwsWireMock wire)
            throws Exception {
        boolean external = AwsEndpoints.isExternal("cloudformation");
        String stack = external ? "streambot-it-" + UUID.randomUUID().toString().substring(0, 8) : "stream-processing";
        String bucket = s3.createBucket("service");
        if (external) {
            deleteStackWhenTheTestEnds(stack);
        } else {
            scriptAccount(wire, stack, s3);
        }
        ChildBuild copy = copyOfTheExample("deploy");

        ChildBuild.Result first = deploy(copy, wire, stack, bucket);

        assertThat(first.succeeded()).as(first.log()).isTrue();
        assertThat(first.log()).contains("Creating stack " + stack).contains("Stack " + stack + " CREATE_COMPLETE");
        S3Object processor = onlyObject(s3, bucket, "streambot/event-processor/");
        S3Object replay = onlyObject(s3, bucket, "streambot/event-replay/");
        S3Object layer = onlyObject(s3, bucket, "streambot/layers/");
        assertThat(layer.size())
                .as("the shared layer carries the dependencies (the SDK among them): megabytes")
                .isGreaterThan(ONE_MB);
        assertThat(deployedCode(wire, stack))
                .as("one change set, both functions' code from their modules' uploads, the one layer from theirs")
                .containsEntry("CodeBucketEventProcessor", bucket)
                .containsEntry("CodeKeyEventProcessor", processor.key())
                .containsEntry("CodeBucketEventReplay", bucket)
                .containsEntry("CodeKeyEventReplay", replay.key())
                .containsEntry("LayerBucketEventProcessor", bucket)
                .containsEntry("LayerKeyEventProcessor", layer.key());

        // A one-line change in one module: the processor's batch size.
        Path source = copy.directory().resolve(PROCESSOR_SOURCE);
        String code = Files.readString(source);
        assertThat(code).contains("private static final int BATCH = 25;");
        Files.writeString(
                source, code.replace("private static final int BATCH = 25;", "private static final int BATCH = 20;"));
        if (!external) {
            // WireMock plays no real CloudFormation: the scripted account starts from scratch, its requests too.
            wire.server().resetRequests();
            wire.server().resetScenarios();
        }

        ChildBuild.Result second = deploy(copy.again(), wire, stack, bucket);

        assertThat(second.succeeded()).as(second.log()).isTrue();
        assertThat(second.log())
                .contains("The code is already uploaded to s3://" + bucket + "/" + replay.key() + " (same SHA-256)")
                .contains("The layer is already uploaded to s3://" + bucket + "/" + layer.key() + " (same SHA-256)");
        List<S3Object> processors = objects(s3, bucket, "streambot/event-processor/");
        assertThat(processors).extracting(S3Object::key).hasSize(2).contains(processor.key());
        String changed = processors.stream()
                .map(S3Object::key)
                .filter(k -> !k.equals(processor.key()))
                .findFirst()
                .orElseThrow();
        S3Object replayAfter = onlyObject(s3, bucket, "streambot/event-replay/");
        assertThat(replayAfter.key()).isEqualTo(replay.key());
        assertThat(replayAfter.lastModified())
                .as("the replay's zip was not written again")
                .isEqualTo(replay.lastModified());
        S3Object layerAfter = onlyObject(s3, bucket, "streambot/layers/");
        assertThat(layerAfter.key()).isEqualTo(layer.key());
        assertThat(layerAfter.lastModified())
                .as("the layer was not written again")
                .isEqualTo(layer.lastModified());
        S3Object changedZip = processors.stream()
                .filter(o -> o.key().equals(changed))
                .findFirst()
                .orElseThrow();
        assertThat(changedZip.size())
                .as("the changed function zip holds the module's own classes only")
                .isLessThan(ONE_MB);
        if (!external) {
            assertThat(wire.server().findAll(putRequestedFor(urlMatching("/" + bucket + "/streambot/event-replay/.*"))))
                    .as("no byte of the unchanged module was sent")
                    .isEmpty();
            List<LoggedRequest> puts = requests(wire, "PUT", bucket);
            assertThat(puts)
                    .as("the second deploy's only PUT is the processor's new function zip")
                    .extracting(StreamProcessingServiceIT::path)
                    .containsExactly("/" + bucket + "/" + changed);
            assertThat(puts.stream().mapToLong(r -> r.getBody().length).sum())
                    .as(
                            "bytes sent (the zip, with the transfer encoding's framing): kilobytes, not the layer's %s",
                            layer.size())
                    .isGreaterThanOrEqualTo(changedZip.size())
                    .isLessThan(ONE_MB);
            assertThat(requests(wire, "HEAD", bucket))
                    .as("the unchanged layer cost a HeadObject and no PUT")
                    .extracting(StreamProcessingServiceIT::path)
                    .contains("/" + bucket + "/" + layer.key());
        }
        assertThat(deployedCode(wire, stack))
                .containsEntry("CodeKeyEventProcessor", changed)
                .containsEntry("CodeKeyEventReplay", replay.key())
                .containsEntry("LayerKeyEventProcessor", layer.key());
    }

    @Test
    void eachFunctionModulesBundleRunsAsLambdaWould(LocalDynamoDb dynamo, LocalKinesis kinesis) throws Exception {
        String configTable = dynamo.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME);
        String events = eventTable(dynamo);
        for (String function : List.of("event-processor", "event-replay")) { // invoke's default: the artifactId
            dynamo.client().putItem(b -> b.tableName(configTable)
                    .item(new EnvRecord(function, Map.of("EventTable", events), 1, Instant.now(), "it").toItem()));
        }
        String stream = LocalKinesis.uniqueStreamName("events");
        Created.resource("Kinesis stream " + stream, () -> kinesis.deleteStream(stream));
        String streamArn = kinesis.createStream(stream, 1);
        kinesis.put(stream, "sensor-9", "{\"reading\":1}");
        var b = kinesis.put(stream, "sensor-9", "{\"reading\":2}");
        var c = kinesis.put(stream, "sensor-9", "{\"reading\":3}");
        ChildBuild copy = copyOfTheExample("invoke");
        // The replay's sample event, pointed at this stream: the batch of the last two records failed.
        Path event = copy.directory().resolve("replay/src/test/resources/events/failed-batch.json");
        Files.writeString(
                event,
                Files.readString(event)
                        .replace(SAMPLE_STREAM_ARN, streamArn)
                        .replace("shardId-000000000000", b.shardId())
                        .replace(SAMPLE_START, b.sequenceNumber())
                        .replace(SAMPLE_END, c.sequenceNumber()));

        ChildBuild build = copy.goals("package", PLUGIN + ":invoke", "-pl", "processor,replay")
                .property("maven.test.skip", true)
                .property("streambot.region", REGION)
                .property("streambot.envTable", configTable);
        dynamo.endpoint().ifPresent(e -> build.property("streambot.endpoint", e));
        kinesis.endpoint().ifPresent(e -> build.environment("AWS_ENDPOINT_URL_KINESIS", e));
        ChildBuild.Result result = build.run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log())
                .contains("\"persisted 3 events into " + events + "\"")
                .contains("\"replayed 2 events of 1 failed batches into " + events + "\"");
        assertThat(dynamo.client().scan(s -> s.tableName(events)).items())
                .extracting(item -> item.get("data").s())
                .containsExactlyInAnyOrder(
                        "{\"sensor\":\"sensor-1\",\"temperature\":21.5}",
                        "{\"sensor\":\"sensor-2\",\"temperature\":19.0}",
                        "{\"sensor\":\"sensor-1\",\"temperature\":21.7}",
                        "{\"reading\":2}",
                        "{\"reading\":3}");
    }

    /** A copy of the example with the examples' parent pom beside it, as in the repository. */
    private static ChildBuild copyOfTheExample(String name) throws IOException {
        ChildBuild copy = ChildBuild.copyOf(
                EXAMPLES.resolve("stream-processing"), "stream-processing-" + name + "/stream-processing");
        Files.copy(
                EXAMPLES.resolve("pom.xml"),
                copy.directory().resolveSibling("pom.xml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /**
     * Runs the walkthrough's {@code mvn deploy} command in the copy, word for word but for what a test must
     * change: the bucket (one per run), the region (the kit's), the endpoint (WireMock locally), the stack's
     * name (one per run on an external endpoint) and the example's own tests (run by the repository's build).
     */
    private static ChildBuild.Result deploy(ChildBuild build, AwsWireMock wire, String stack, String bucket)
            throws IOException {
        for (String word : walkthroughDeploy()) {
            build.goals(
                    word.startsWith("-Dstreambot.bucket=")
                            ? "-Dstreambot.bucket=" + bucket
                            : word.startsWith("-Dstreambot.region=") ? "-Dstreambot.region=" + REGION : word);
        }
        build.property("maven.test.skip", true).property("streambot.stack", stack);
        if (AwsEndpoints.isExternal("cloudformation")) {
            AwsEndpoints.endpointFor("cloudformation", URI.create("http://127.0.0.1:1")) // empty for AWS itself
                    .ifPresent(uri -> build.property("streambot.endpoint", uri));
        } else {
            build.property("streambot.endpoint", wire.endpoint());
        }
        return build.run();
    }

    /** The walkthrough's {@code mvn deploy} command (run twice, the same), in the example's folder, as words. */
    private static List<String> walkthroughDeploy() throws IOException {
        List<String> commands = GuideCommands.extract(Files.readString(WALKTHROUGH));
        assertThat(commands).as("the walkthrough's commands").contains("cd it/examples/stream-processing");
        List<String> deploys =
                commands.stream().filter(c -> c.startsWith("mvn deploy ")).toList();
        assertThat(deploys).as("the walkthrough deploys twice, the same way").hasSize(2);
        assertThat(deploys.get(1)).isEqualTo(deploys.get(0));
        assertThat(deploys.get(0)).contains("-Dstreambot.bucket=", "-Dstreambot.region=");
        List<String> words = List.of(deploys.get(0).split(" "));
        return words.subList(1, words.size());
    }

    private static String eventTable(LocalDynamoDb dynamo) {
        String name = LocalDynamoDb.uniqueTableName("events");
        dynamo.client().createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("partitionKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sequenceNumber").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("partitionKey").keyType(KeyType.HASH),
                        k -> k.attributeName("sequenceNumber").keyType(KeyType.RANGE)));
        dynamo.client().waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    /** The requests with this method that the scripted endpoint passed on to S3 for objects of the bucket. */
    private static List<LoggedRequest> requests(AwsWireMock wire, String method, String bucket) {
        return wire.server().findAll(RequestPatternBuilder.allRequests()).stream()
                .filter(r -> r.getMethod().value().equals(method))
                .filter(r -> path(r).startsWith("/" + bucket + "/"))
                .toList();
    }

    private static String path(LoggedRequest request) {
        return URI.create(request.getUrl()).getPath();
    }

    private static List<S3Object> objects(LocalS3 s3, String bucket, String prefix) {
        return s3.client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents();
    }

    private static S3Object onlyObject(LocalS3 s3, String bucket, String prefix) {
        List<S3Object> objects = objects(s3, bucket, prefix);
        assertThat(objects).as("objects under %s", prefix).hasSize(1);
        return objects.get(0);
    }

    /**
     * The code and layer parameters the stack was deployed with: locally those of the one CreateChangeSet the
     * scripted account received, on an external endpoint the stack's own.
     */
    private static Map<String, String> deployedCode(AwsWireMock wire, String stack) {
        Map<String, String> code = new LinkedHashMap<>();
        if (AwsEndpoints.isExternal("cloudformation")) {
            try (CloudFormationClient cloudFormation = cloudFormation()) {
                cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0).parameters().stream()
                        .filter(p -> p.parameterKey().startsWith("Code")
                                || p.parameterKey().startsWith("Layer"))
                        .forEach(p -> code.put(p.parameterKey(), p.parameterValue()));
            }
            return code;
        }
        var requests = wire.cloudFormationRequests("CreateChangeSet");
        assertThat(requests).as("one change set for the stack").hasSize(1);
        String body = URLDecoder.decode(requests.get(0).getBodyAsString(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("Parameters\\.member\\.(\\d+)\\.ParameterKey=((?:Code|Layer)[A-Za-z]+)"
                        + "&Parameters\\.member\\.\\1"
                        + "\\.ParameterValue=([^&]*)")
                .matcher(body);
        while (m.find()) {
            code.put(m.group(2), m.group(3));
        }
        return code;
    }

    private static CloudFormationClient cloudFormation() {
        return AwsEndpoints.configure(
                        CloudFormationClient.builder(), "cloudformation", URI.create("http://127.0.0.1:1"))
                .build();
    }

    /** On an external endpoint the stack is real: deleted when the test ends, whatever its outcome. */
    private static void deleteStackWhenTheTestEnds(String stack) {
        Created.resource("CloudFormation stack " + stack, () -> {
            try (CloudFormationClient cloudFormation = cloudFormation()) {
                cloudFormation.deleteStack(b -> b.stackName(stack));
                cloudFormation.waiter().waitUntilStackDeleteComplete(b -> b.stackName(stack), w -> w.maxAttempts(120)
                        .backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(
                                Duration.ofSeconds(5))));
            } catch (CloudFormationException e) {
                // never created: nothing to delete
            }
        });
    }

    /** CloudFormation as an account with the primary streambot stack and no service stack yet; S3 behind it. */
    private static void scriptAccount(AwsWireMock wire, String stack, LocalS3 s3) {
        String stackId = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + stack + "/1";
        String changeSet = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":changeSet/streambot-1/1";
        String lambda = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:";
        wire.server()
                .stubFor(any(anyUrl())
                        .atPriority(100)
                        .willReturn(aResponse()
                                .proxiedFrom(s3.endpoint().orElseThrow().toString())));
        wire.server()
                .stubFor(forStack("DescribeStacks", "streambot")
                        .willReturn(CloudFormationWire.ok(
                                "DescribeStacks",
                                stacks(
                                        "streambot",
                                        "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/streambot/1",
                                        output("StreambotEnvFunctionArn", lambda + "streambot-env")
                                                + output(
                                                        "StreambotConnectorFunctionArn", lambda + "streambot-connector")
                                                + output("ConfigTableName", "streambot-env")))));
        on(
                wire,
                stack,
                "DescribeStacks",
                Scenario.STARTED,
                null,
                CloudFormationWire.error(400, "ValidationError", "Stack with id " + stack + " does not exist"));
        on(
                wire,
                stack,
                "CreateChangeSet",
                Scenario.STARTED,
                "planned",
                CloudFormationWire.ok(
                        "CreateChangeSet", "<Id>" + changeSet + "</Id><StackId>" + stackId + "</StackId>"));
        on(
                wire,
                stack,
                "DescribeChangeSet",
                "planned",
                null,
                CloudFormationWire.ok(
                        "DescribeChangeSet",
                        "<ChangeSetId>" + changeSet + "</ChangeSetId><Status>CREATE_COMPLETE</Status>"
                                + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>"
                                + added("EventProcessorFunction", "AWS::Lambda::Function")
                                + added("ReplayFunction", "AWS::Lambda::Function") + "</Changes>"));
        on(
                wire,
                stack,
                "DescribeStackEvents",
                "planned",
                null,
                CloudFormationWire.ok("DescribeStackEvents", "<StackEvents/>"));
        on(wire, stack, "ExecuteChangeSet", "planned", "executing", CloudFormationWire.ok("ExecuteChangeSet", ""));
        on(
                wire,
                stack,
                "DescribeStacks",
                "executing",
                null,
                CloudFormationWire.ok("DescribeStacks", stacks(stack, stackId, output("StreamName", "events"))));
        on(
                wire,
                stack,
                "DescribeStackEvents",
                "executing",
                null,
                CloudFormationWire.ok(
                        "DescribeStackEvents",
                        "<StackEvents><member><EventId>e1</EventId><StackName>" + stack + "</StackName><StackId>"
                                + stackId + "</StackId><LogicalResourceId>" + stack + "</LogicalResourceId>"
                                + "<PhysicalResourceId>" + stackId + "</PhysicalResourceId><ResourceType>"
                                + "AWS::CloudFormation::Stack</ResourceType><Timestamp>2026-12-01T08:00:01Z</Timestamp>"
                                + "<ResourceStatus>CREATE_COMPLETE</ResourceStatus></member></StackEvents>"));
    }

    private static String stacks(String name, String id, String outputs) {
        return "<Stacks><member><StackName>" + name + "</StackName><StackId>" + id + "</StackId><StackStatus>"
                + "CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>" + outputs
                + "</Outputs></member></Stacks>";
    }

    private static void on(
            AwsWireMock wire,
            String stack,
            String action,
            String state,
            String next,
            ResponseDefinitionBuilder response) {
        new ScriptedStack(wire, stack, null).on(action, state, next, response);
    }
}
