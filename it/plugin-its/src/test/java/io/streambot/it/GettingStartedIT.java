package io.streambot.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.streambot.it.ChildBuild.deleteRecursively;
import static io.streambot.it.ChildBuild.required;
import static io.streambot.it.ScriptedStack.added;
import static io.streambot.it.ScriptedStack.ok;
import static io.streambot.it.ScriptedStack.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.shared.invoker.MavenInvocationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Follows {@code src/site/markdown/getting-started.md} word for word: the page's {@code sh} blocks, read
 * from the page itself (so page and test cannot drift apart), run in order in an empty folder, on the
 * machine's Maven and on the Mavens unpacked into {@code target/mavens} (3.9, 4). The only change is
 * where {@code mvn deploy} goes: {@code -Dstreambot.endpoint} is added, pointing at WireMock, which plays
 * CloudFormation (scripted as an account with the primary streambot stack) and passes everything else
 * on to the kit's S3Mock, where the page's bucket is created for the test and removed after it.
 */
@LocalAws
class GettingStartedIT {
    static final Path GUIDE = Path.of(required("streambot.root"), "src/site/markdown/getting-started.md");
    static final String STACK = "my-service";
    static final String STACK_ID = "arn:aws:cloudformation:eu-west-1:000000000000:stack/" + STACK + "/1";
    static final String CHANGE_SET = "arn:aws:cloudformation:eu-west-1:000000000000:changeSet/streambot-1/1";

    /** The Mavens the guide must work on: the machine's, and those the build unpacked for this test. */
    static List<String> mavens() throws IOException {
        List<String> homes = new ArrayList<>();
        homes.add(required("maven.home"));
        try (Stream<Path> unpacked = Files.list(Path.of(required("it.mavens")))) {
            unpacked.filter(p -> Files.isRegularFile(p.resolve("bin/mvn")))
                    .sorted()
                    .forEach(p -> homes.add(p.toString()));
        }
        return homes;
    }

    @ParameterizedTest
    @MethodSource("mavens")
    void theGuideWorksWordForWord(String mavenHome, LocalS3 s3, AwsWireMock wire) throws Exception {
        List<String> lines = GuideCommands.extract(Files.readString(GUIDE));
        String bucket = option(lines, "streambot.bucket");
        String region = option(lines, "streambot.region");
        scriptAccount(wire, region, s3);
        Path work = Path.of(
                required("it.workDirectory"),
                "getting-started-" + Path.of(mavenHome).getFileName());
        deleteRecursively(work);
        Files.createDirectories(work);
        try {
            s3.client().createBucket(b -> b.bucket(bucket)); // the page says the bucket must exist
            Path dir = work;
            List<String> steps = new ArrayList<>();
            for (String line : lines) {
                List<String> words = List.of(line.split(" +"));
                if (words.get(0).equals("cd")) {
                    dir = dir.resolve(words.get(1));
                    assertThat(dir).as("the folder `%s` goes to", line).isDirectory();
                    continue;
                }
                assertThat(words.get(0))
                        .as("the guide's sh blocks run mvn and cd only: %s", line)
                        .isEqualTo("mvn");
                List<String> args = new ArrayList<>(words.subList(1, words.size()));
                if (args.contains("deploy")) {
                    args.add("-Dstreambot.endpoint=" + wire.endpoint()); // the one substitution
                }
                String log = run(mavenHome, dir, args, work.resolve("step-" + steps.size() + ".log"));
                steps.add(line);
                check(line, log, dir, s3, bucket, wire);
            }
            assertThat(steps)
                    .as("the guide's steps")
                    .anyMatch(l -> l.contains(":create "))
                    .contains("mvn package", "mvn streambot:invoke")
                    .anyMatch(l -> l.startsWith("mvn deploy "));
        } finally {
            emptyAndDelete(s3, bucket);
        }
    }

    /** What each of the guide's steps must have done, beyond its build passing. */
    private static void check(String line, String log, Path dir, LocalS3 s3, String bucket, AwsWireMock wire)
            throws IOException {
        if (line.contains(":create ")) {
            assertThat(line)
                    .as("the guide's create command names this build's plugin version; update the guide")
                    .contains("io.streambot:streambot-maven-plugin:" + required("streambot.version") + ":create");
            assertThat(log).contains("Created ");
        } else if (line.equals("mvn package")) {
            assertThat(log).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
            assertThat(dir.resolve("target/" + dir.getFileName() + "-1.0-SNAPSHOT-lambda.zip"))
                    .isRegularFile();
        } else if (line.equals("mvn streambot:invoke")) {
            // No record, no account: the handler runs with its default LogPrefix.
            assertThat(log)
                    .contains("received sensor-1: {\"sensor\":\"sensor-1\",\"temperature\":21.5}")
                    .containsPattern("Result \\(\\d+ ms\\): \"processed 2 records\"");
        } else if (line.startsWith("mvn deploy ")) {
            assertThat(log)
                    .contains(
                            "Nothing to write: no <env>, <envFile> (-Dstreambot.envFile) or <functions> is configured")
                    .contains("Creating stack " + STACK)
                    .contains("Stack " + STACK + " CREATE_COMPLETE")
                    .doesNotContain("maven-deploy-plugin");
            List<S3Object> objects = s3.client()
                    .listObjectsV2(b -> b.bucket(bucket).prefix("streambot/" + STACK + "/"))
                    .contents();
            assertThat(objects).hasSize(1);
            String key = objects.get(0).key();
            assertThat(URLDecoder.decode(
                            wire.cloudFormationRequests("CreateChangeSet")
                                    .get(0)
                                    .getBodyAsString(),
                            StandardCharsets.UTF_8))
                    .containsPattern("ParameterKey=CodeBucket&Parameters\\.member\\.\\d+\\.ParameterValue=" + bucket)
                    .containsPattern("ParameterKey=CodeKey&Parameters\\.member\\.\\d+\\.ParameterValue=" + key);
        }
        assertThat(log).as("a clean build on this Maven").doesNotContain("[WARNING]");
    }

    /** Runs Maven as a user would in {@code dir}, with the build's local repository; returns the log. */
    private static String run(String mavenHome, Path dir, List<String> args, Path logFile) throws IOException {
        Path settings = Files.createTempFile("guide-settings", ".xml");
        settings.toFile().deleteOnExit();
        ChildBuild.Result result;
        try {
            result = ChildBuild.maven(mavenHome, dir, args, Map.of(), false, ChildBuild.writeSettings(settings));
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("mvn " + args + " did not run", e);
        }
        Files.writeString(logFile, result.log());
        assertThat(result.exitCode())
                .as("mvn %s with %s in %s:%n%s", args, mavenHome, dir, result.log())
                .isZero();
        return result.log();
    }

    /** CloudFormation as an account with the primary streambot stack and no service stack yet; S3 behind it. */
    private static void scriptAccount(AwsWireMock wire, String region, LocalS3 s3) {
        String lambda = "arn:aws:lambda:" + region + ":000000000000:function:";
        wire.server()
                .stubFor(any(anyUrl())
                        .atPriority(100)
                        .willReturn(aResponse()
                                .proxiedFrom(s3.endpoint().orElseThrow().toString())));
        ScriptedStack stack = new ScriptedStack(wire, STACK, STACK_ID);
        stack.primaryStack(
                "arn:aws:cloudformation:" + region + ":000000000000:stack/streambot/1",
                output("StreambotEnvFunctionArn", lambda + "streambot-env")
                        + output("StreambotConnectorFunctionArn", lambda + "streambot-connector")
                        + output("ConfigTableName", "streambot-env"));
        stack.doesNotExistYet();
        stack.changeSet(
                Scenario.STARTED,
                CHANGE_SET,
                added("Stream", "AWS::Kinesis::Stream") + added("Function", "AWS::Lambda::Function"));
        stack.executesWhenPlanned();
        stack.on(
                "DescribeStacks",
                "executing",
                null,
                ok("DescribeStacks", stack.stack("CREATE_COMPLETE", output("FunctionName", STACK))));
        stack.events("executing", stack.event("e1", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null));
    }

    /** The value of {@code -Dname=value} in the guide's commands. */
    private static String option(List<String> lines, String name) {
        for (String line : lines) {
            for (String word : line.split(" +")) {
                if (word.startsWith("-D" + name + "=")) {
                    return word.substring(name.length() + 3);
                }
            }
        }
        throw new AssertionError("the guide's commands set no -D" + name);
    }

    private static void emptyAndDelete(LocalS3 s3, String bucket) {
        try {
            for (S3Object o : s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()) {
                s3.client().deleteObject(b -> b.bucket(bucket).key(o.key()));
            }
            s3.client().deleteBucket(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            // the bucket was never created: nothing to remove
        }
    }
}
