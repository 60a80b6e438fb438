package io.streambot.demo;

import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's first command, {@code mvn -B -Pdemo -DskipTests verify}: the kinesis-to-s3 example
 * end to end on this machine with nothing installed but a JDK and Maven. It starts DynamoDB Local,
 * S3Mock and WireMock for its duration, then runs the example's own build as a user would: {@code
 * package} (streambot:bundle) and streambot:upload into the local S3; streambot:put-env and
 * streambot:invoke (the bundle in a fresh JVM with Lambda's class path, a sample Kinesis event, its
 * records landing in the local S3); and streambot:deploy-stack as a dry run against CloudFormation
 * scripted on WireMock as an account with only the primary stack (there is no local CloudFormation).
 * With {@code -Dstreambot.endpoint=URL} (an AWS-compatible endpoint) or {@code -Dstreambot.endpoint=aws}
 * (the account of your default credentials), the same steps run there and the stack is deployed for
 * real.
 */
public final class MainJob {
    static final String EXAMPLE = "kinesis-to-s3";
    static final String CONFIG_TABLE = EnvRecord.DEFAULT_TABLE;
    static final String EVENT_PREFIX = "events/";

    private final DemoSettings settings;
    private final Path example;
    private final List<String> summary = new ArrayList<>();
    // What the embedded servers' steps share, set by the first step.
    private LocalDynamoDb dynamo;
    private LocalS3 s3;
    private AwsWireMock cloudFormation;
    private String codeBucket;
    private String eventBucket;

    private MainJob(DemoSettings settings) {
        this.settings = settings;
        this.example = settings.example(EXAMPLE);
    }

    public static void main(String[] args) {
        int exit;
        try {
            DemoSettings settings = DemoSettings.fromSystemProperties();
            List<String> missing =
                    settings.missingGoals(List.of("bundle", "upload", "put-env", "invoke", "deploy-stack"));
            if (!missing.isEmpty()) {
                System.out.println("NOT YET: the streambot plugin of this build has no goal " + missing
                        + "; the main job needs them all and runs once they are merged.");
                System.exit(0);
            }
            MainJob job = new MainJob(settings);
            if (settings.embedded()) {
                job.onEmbeddedServers();
            } else {
                job.onExternalTarget();
            }
            exit = 0;
        } catch (RuntimeException e) {
            System.out.println();
            System.out.println("streambot main job FAILED: " + e.getMessage());
            exit = 1;
        }
        System.exit(exit); // stops the embedded servers
    }

    private void onEmbeddedServers() {
        banner("streambot main job: the " + EXAMPLE + " example on embedded local services");
        List<DemoStep> steps = new ArrayList<>(List.of(
                new DemoStep(
                        "start DynamoDB Local, S3Mock and WireMock; create the config table and the buckets",
                        this::startServers),
                new DemoStep("bundle and upload: mvn package streambot:upload", this::bundleAndUpload),
                new DemoStep(
                        "write its config and run the bundle locally: mvn streambot:put-env streambot:invoke",
                        this::putEnvAndInvoke),
                new DemoStep("plan the stack: mvn streambot:deploy-stack -Dstreambot.dryRun=true", this::planStack),
                new DemoStep(StreamStep.TITLE, this::stream)));
        List<DemoStep.Timing> timings = DemoStep.runAll(steps);
        finish(
                timings,
                "To deploy it for real, point the job at an AWS-compatible endpoint or an account:\n"
                        + "  mvn -B -Pdemo -DskipTests verify -Dstreambot.endpoint=aws -Dstreambot.region=eu-west-1 \\\n"
                        + "      -Dstreambot.bucket=my-code-bucket -DeventBucket=my-event-bucket -Dstreambot.primaryStack=true");
    }

    private void startServers() {
        dynamo = LocalDynamoDb.get();
        s3 = LocalS3.get();
        cloudFormation = AwsWireMock.get();
        System.out.println("  DynamoDB Local   " + dynamoEndpoint());
        System.out.println("  S3Mock           " + s3Endpoint());
        System.out.println("  WireMock (CloudFormation, scripted)  " + cloudFormation.endpoint());
        dynamo.createTable(CONFIG_TABLE, EnvRecord.NAME);
        codeBucket = s3.createBucket("streambot-code");
        eventBucket = s3.createBucket("streambot-events");
        System.out.println("  config table '" + CONFIG_TABLE + "', code bucket '" + codeBucket + "', event bucket '"
                + eventBucket + "' created");
    }

    private void bundleAndUpload() {
        MavenRun.of(example, "1-bundle-upload")
                .goals("package", "streambot:upload")
                .property("streambot.endpoint", s3Endpoint())
                .property("streambot.region", settings.region())
                .property("streambot.bucket", codeBucket)
                .run(settings);
        Path zip = bundle();
        summary.add("bundle      " + settings.root().relativize(zip) + " (" + size(zip) + ")");
        for (S3Object object :
                s3.client().listObjectsV2(b -> b.bucket(codeBucket)).contents()) {
            summary.add(
                    "code        s3://" + codeBucket + "/" + object.key() + " (" + object.size() + " bytes, S3Mock)");
        }
    }

    private void putEnvAndInvoke() {
        Path envFile = writeEnvFile(eventBucket);
        MavenRun.of(example, "2-put-env-invoke")
                .goals("streambot:put-env", "streambot:invoke")
                // With an endpoint and a region, invoke reads the record put-env wrote, as on Lambda.
                .property("streambot.endpoint", dynamoEndpoint())
                .property("streambot.region", settings.region())
                .property("streambot.envTable", CONFIG_TABLE)
                .property("streambot.functionName", EXAMPLE)
                .property("streambot.envFile", envFile)
                .property("streambot.invoke.event", example.resolve("src/test/resources/events/kinesis.json"))
                // The function's S3 calls go to S3Mock; its config comes from streambot.endpoint (DynamoDB Local).
                .environment("AWS_ENDPOINT_URL_S3", s3Endpoint())
                .run(settings);
        EnvRecord record = EnvRecord.fromItem(dynamo.client()
                .getItem(b -> b.tableName(CONFIG_TABLE).key(EnvRecord.key(EXAMPLE)))
                .item());
        summary.add("config      " + CONFIG_TABLE + "[" + EXAMPLE + "] version " + record.version() + ": "
                + record.env() + " (DynamoDB Local)");
        List<S3Object> events =
                s3.client().listObjectsV2(b -> b.bucket(eventBucket)).contents();
        if (events.isEmpty()) {
            throw new IllegalStateException("the invocation wrote nothing to s3://" + eventBucket);
        }
        for (S3Object object : events) {
            String body = s3.client()
                    .getObjectAsBytes(b -> b.bucket(eventBucket).key(object.key()))
                    .asUtf8String();
            Path copy = write(settings.work().resolve("s3").resolve(eventBucket).resolve(object.key()), body);
            System.out.println("  s3://" + eventBucket + "/" + object.key() + ":");
            body.lines().forEach(line -> System.out.println("    " + line));
            summary.add("events      s3://" + eventBucket + "/" + object.key() + " (S3Mock), copied to "
                    + settings.root().relativize(copy));
        }
    }

    private void planStack() {
        System.out.println("  (CloudFormation here is WireMock scripted as an account with only the primary"
                + " streambot stack; it reports every resource of the template as added. Nothing is deployed.)");
        EmptyAccountCloudFormation.script(
                cloudFormation,
                settings.region(),
                "streambot",
                EXAMPLE,
                example.resolve("src/main/cloudformation/template.json"));
        String plan = MavenRun.of(example, "3-deploy-stack-dry-run")
                .goals("streambot:deploy-stack")
                .property("streambot.endpoint", cloudFormation.endpoint())
                .property("streambot.region", settings.region())
                .property("streambot.dryRun", true)
                .property("streambot.pollInterval", "20ms")
                .property("streambot.parameter.EventBucket", eventBucket)
                .run(settings);
        Path planFile = write(settings.work().resolve("plan.txt"), streambotLines(plan));
        summary.add(
                "plan        " + settings.root().relativize(planFile) + " (dry run against scripted CloudFormation)");
    }

    private void stream() {
        summary.addAll(StreamStep.run(
                settings, example, EXAMPLE, CONFIG_TABLE, dynamoEndpoint(), s3.client(), s3Endpoint(), eventBucket));
    }

    private String dynamoEndpoint() {
        return dynamo.endpoint().orElseThrow().toString();
    }

    private String s3Endpoint() {
        return s3.endpoint().orElseThrow().toString();
    }

    /**
     * The same journey against an external target, deploying for real. Not exercised by the
     * project's tests (they have no CloudFormation to deploy to).
     */
    private void onExternalTarget() {
        boolean realAws = settings.endpoint().equals("aws");
        banner("streambot main job: the " + EXAMPLE + " example on "
                + (realAws ? "the AWS account of your default credentials" : settings.endpoint()));
        String codeBucket = requiredProperty("streambot.bucket", "the bucket for the function's code");
        String eventBucket = requiredProperty("eventBucket", "the bucket the function writes events to");
        String endpoint = realAws ? "" : settings.endpoint();

        List<DemoStep> steps = List.of(
                new DemoStep("bundle and upload: mvn package streambot:upload", () -> {
                    MavenRun.of(example, "1-bundle-upload")
                            .goals("package", "streambot:upload")
                            .property("streambot.endpoint", endpoint)
                            .property("streambot.region", settings.region())
                            .property("streambot.bucket", codeBucket)
                            .property("streambot.upload.createBucket", true)
                            .property("streambot.primaryStack", System.getProperty("streambot.primaryStack", "false"))
                            .run(settings);
                    summary.add("bundle      " + settings.root().relativize(bundle()));
                }),
                new DemoStep(
                        "deploy the stack (its Custom::StreambotEnv writes the config): mvn streambot:deploy-stack",
                        () -> {
                            MavenRun.of(example, "2-deploy-stack")
                                    .goals("streambot:deploy-stack")
                                    .property("streambot.endpoint", endpoint)
                                    .property("streambot.region", settings.region())
                                    .property("streambot.bucket", codeBucket)
                                    .property(
                                            "streambot.primaryStack",
                                            System.getProperty("streambot.primaryStack", "false"))
                                    .property("streambot.parameter.EventBucket", eventBucket)
                                    .run(settings);
                            summary.add("stack       " + EXAMPLE + " in " + settings.region()
                                    + "; records put to its stream land in s3://" + eventBucket + "/" + EVENT_PREFIX);
                        }));
        List<DemoStep.Timing> timings = DemoStep.runAll(steps);
        finish(
                timings,
                "Put a record to the stack's stream (output StreamName) and look under s3://" + eventBucket + "/"
                        + EVENT_PREFIX + ".");
    }

    private Path bundle() {
        try (var files = Files.list(example.resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "streambot:bundle wrote no *-lambda.zip under " + example.resolve("target")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeEnvFile(String eventBucket) {
        return write(
                settings.work().resolve(EXAMPLE + ".properties"),
                "# The config of the " + EXAMPLE + " function, written by streambot:put-env\n" + "EventBucket="
                        + eventBucket + "\nEventPrefix=" + EVENT_PREFIX + "\n");
    }

    private static String streambotLines(String log) {
        StringBuilder out = new StringBuilder();
        boolean inGoal = false;
        for (String line : log.split("\n")) {
            if (line.startsWith("[INFO] --- ")) {
                inGoal = line.contains("streambot-maven-plugin");
            } else if (inGoal && line.startsWith("[INFO] ") && !line.startsWith("[INFO] ---")) {
                out.append(line.substring("[INFO] ".length())).append('\n');
            }
        }
        return out.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String size(Path file) {
        try {
            return Files.size(file) / 1024 + " KiB";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requiredProperty(String name, String what) {
        String value = System.getProperty(name, "").trim();
        if (value.isEmpty()) {
            throw new IllegalStateException("-D" + name + " is not set: give " + what);
        }
        return value;
    }

    private static void banner(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private void finish(List<DemoStep.Timing> timings, String next) {
        banner("streambot main job: done");
        summary.forEach(line -> System.out.println("  " + line));
        System.out.println(
                "  logs        " + settings.root().relativize(settings.logs()) + "/ (each build's whole log)");
        if (settings.embedded()) {
            System.out.println("  The embedded servers stop with this job: what they held is copied under "
                    + settings.root().relativize(settings.work()) + "/.");
        }
        System.out.println();
        System.out.println("  How long each step took:");
        DemoStep.table(timings).forEach(line -> System.out.println("  " + line));
        System.out.println();
        System.out.println(next);
    }
}
