package io.streambot.maven;

import io.streambot.core.DurationSetting;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.esm.BatchLine;
import io.streambot.core.esm.Checkpoints;
import io.streambot.core.esm.LambdaBatchFunction;
import io.streambot.core.esm.LocalEventSourceMapping;
import io.streambot.core.esm.MappingSettings;
import io.streambot.core.esm.StartingPosition;
import io.streambot.core.esm.StreamSource;
import io.streambot.core.esm.TemplateMapping;
import io.streambot.core.invoke.FunctionJvm;
import io.streambot.core.invoke.HandlerString;
import io.streambot.core.invoke.InvokeRequest;
import io.streambot.core.invoke.WarmLambdaProcess;
import io.streambot.core.stack.StackTemplate;
import io.streambot.core.stack.TemplateSource;
import io.streambot.runtime.Durations;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the bundled function attached to a real stream, as Lambda's event source mapping runs it: it reads the
 * Kinesis or DynamoDB stream of the template's {@code AWS::Lambda::EventSourceMapping} or {@code
 * Custom::StreambotConnector} (or {@code <stream>}), polls its shards and invokes the zip, as {@code
 * streambot:invoke} does, with batches of real records in Lambda's event JSON. It honours the mapping's batch
 * size, batching window, starting position, per-shard order, retries with bisect-on-error and maximum retry
 * attempts, and {@code ReportBatchItemFailures}; it checkpoints each shard under {@code target/} so a restart
 * continues after the last finished batch; it prints one line per batch (shard, records, sequence range,
 * result, duration). It only reads the stream. It stops after {@code <maxBatches>}, after {@code
 * <idleTimeout>} without records, or on Ctrl-C:
 * {@code mvn package streambot:run-stream -Dstreambot.stream=my-stream -Dstreambot.stream.idleTimeout=30s}.
 */
@Mojo(name = "run-stream", threadSafe = true)
public class RunStreamMojo extends AbstractLocalRunMojo {

    /**
     * The stream to read: a Kinesis stream's or a DynamoDB stream's ARN, or a name (a Kinesis stream's, or a
     * DynamoDB table's for its latest stream, as the template's mapping reads one or the other). Needed when
     * the mapping's ARN refers to a stream the same template creates ({@code Ref}, {@code Fn::GetAtt}): give
     * the name or ARN of the deployed (or local) one. Property {@code streambot.stream}.
     */
    @Parameter(property = "streambot.stream")
    private String stream;

    /**
     * An AWS-compatible endpoint for reading the stream only, when it is not {@code <endpoint>}: for example a
     * local Kinesis beside a DynamoDB Local that holds the function's configuration. Property {@code
     * streambot.stream.endpoint}, default {@code <endpoint>}.
     */
    @Parameter(property = "streambot.stream.endpoint")
    private String streamEndpoint;

    /**
     * The logical id of the template's mapping to run, when it declares several. Property {@code
     * streambot.stream.mapping}.
     */
    @Parameter(property = "streambot.stream.mapping")
    private String mapping;

    /** Records per batch (1 to 10000); overrides the mapping's {@code BatchSize}. Property {@code streambot.stream.batchSize}. */
    @Parameter(property = "streambot.stream.batchSize")
    private Integer batchSize;

    /**
     * How long to gather records before invoking with a partial batch ({@code 0s} to {@code 300s}, such as
     * {@code 5s}); overrides the mapping's {@code MaximumBatchingWindowInSeconds}. Property {@code
     * streambot.stream.batchingWindow}.
     */
    @Parameter(property = "streambot.stream.batchingWindow")
    private String batchingWindow;

    /**
     * {@code TRIM_HORIZON} or {@code LATEST}, for shards without a checkpoint; overrides the mapping's
     * {@code StartingPosition}. Property {@code streambot.stream.startingPosition}.
     */
    @Parameter(property = "streambot.stream.startingPosition")
    private String startingPosition;

    /**
     * Split a failed batch in two before retrying it; overrides the mapping's {@code BisectBatchOnFunctionError}.
     * Property {@code streambot.stream.bisectOnError}.
     */
    @Parameter(property = "streambot.stream.bisectOnError")
    private Boolean bisectOnError;

    /**
     * Retries of a failed batch before its records are skipped ({@code -1}: no limit); overrides the mapping's
     * {@code MaximumRetryAttempts}. Property {@code streambot.stream.maximumRetryAttempts}.
     */
    @Parameter(property = "streambot.stream.maximumRetryAttempts")
    private Integer maximumRetryAttempts;

    /**
     * Read the function's {@code {"batchItemFailures": [...]}} answers; overrides the mapping's {@code
     * FunctionResponseTypes: [ReportBatchItemFailures]}. Property {@code streambot.stream.reportBatchItemFailures}.
     */
    @Parameter(property = "streambot.stream.reportBatchItemFailures")
    private Boolean reportBatchItemFailures;

    /** Stop after this many invocations (retries count); 0 for no limit. Property {@code streambot.stream.maxBatches}, default 0. */
    @Parameter(property = "streambot.stream.maxBatches", defaultValue = "0")
    private int maxBatches;

    /**
     * Stop after this long without a new record on any shard ({@code 30s}, {@code 2m}); unset: run until
     * Ctrl-C or {@code <maxBatches>}. Property {@code streambot.stream.idleTimeout}.
     */
    @Parameter(property = "streambot.stream.idleTimeout")
    private String idleTimeout;

    /**
     * Where each stream's checkpoints are kept (one JSON file per stream). Property {@code
     * streambot.stream.checkpoints}, default <code>${project.build.directory}/streambot-stream/checkpoints</code>.
     */
    @Parameter(
            property = "streambot.stream.checkpoints",
            defaultValue = "${project.build.directory}/streambot-stream/checkpoints")
    private File checkpointDirectory;

    /**
     * Forget the stream's checkpoints and start again at the starting position. Property {@code
     * streambot.stream.resetCheckpoints}, default {@code false}.
     */
    @Parameter(property = "streambot.stream.resetCheckpoints", defaultValue = "false")
    private boolean resetCheckpoints;

    /** Skips the goal. Property {@code streambot.runStream.skip}, default {@code false}. */
    @Parameter(property = "streambot.runStream.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping streambot:run-stream because streambot.runStream.skip is true");
            return;
        }
        loadAwsSdk();
        Path base = project.getBasedir().toPath();
        Path work = new File(project.getBuild().getDirectory(), "streambot-stream").toPath();
        HandlerString handlerString;
        TemplateMapping declared;
        MappingSettings settings;
        FunctionJvm.Selection jvm;
        LocalEventSourceMapping.Limits limits;
        InvokeRequest invocation;
        try {
            handlerString = handler();
            declared = TemplateMapping.choose(templateMappings(base), mapping);
            settings = settings(declared).validate();
            limits = new LocalEventSourceMapping.Limits(
                    maxBatches,
                    blankToNull(idleTimeout) == null
                            ? null
                            : DurationSetting.positive(idleTimeout, "<idleTimeout>", "streambot.stream.idleTimeout"));
            if (declared == null && blankToNull(stream) == null) {
                throw new InvalidConfigurationException(
                        "<stream>",
                        "streambot.stream",
                        null,
                        "is not set and the template declares no AWS::Lambda::EventSourceMapping or"
                                + " Custom::StreambotConnector",
                        "give the stream's ARN, such as -Dstreambot.stream=arn:aws:kinesis:eu-west-1:123456789012:stream/events");
            }
            if (blankToNull(streamEndpoint) != null && !streamEndpoint.trim().matches("https?://[^\\s]+")) {
                throw new InvalidConfigurationException(
                        "<streamEndpoint>",
                        "streambot.stream.endpoint",
                        streamEndpoint,
                        "is not an http(s) URL",
                        "give the stream service's base URL, such as http://127.0.0.1:4567");
            }
            if (blankToNull(stream) == null) {
                requireStream(declared);
            }
            jvm = FunctionToolchain.select(
                    toolchainManager, session, project, template, runtime, handlerString.toString(), events());
            invocation = invocation(handlerString, work).validate();
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (UncheckedIOException e) {
            throw error("streambot:run-stream could not read the template", e.getCause());
        }

        Thread runner = Thread.currentThread();
        Thread stopOnCtrlC = new Thread(
                () -> {
                    runner.interrupt();
                    try {
                        runner.join(10_000);
                    } catch (InterruptedException ignored) {
                        // the JVM is stopping anyway
                    }
                },
                "streambot-run-stream-stop");
        try (AwsClientFactory aws = new AwsClientFactory(awsSettings());
                StreamClients clients = new StreamClients(
                        aws, blankToNull(streamEndpoint) == null ? null : URI.create(streamEndpoint.trim()))) {
            StreamSource source = source(declared, clients);
            Path checkpointDir = checkpointDirectory.toPath();
            Checkpoints checkpoints = Checkpoints.load(checkpointDir, source.arn());
            if (resetCheckpoints) {
                Files.deleteIfExists(checkpoints.file());
                checkpoints = Checkpoints.load(checkpointDir, source.arn());
            }
            if (declared != null) {
                getLog().info("Mapping " + declared.where() + ": " + describe(settings));
            }
            LocalEventSourceMapping.Summary summary;
            try (LambdaBatchFunction function = new LambdaBatchFunction(
                    new WarmLambdaProcess(events(), jvm.java(), invocation, lambdaJavaLibraries()),
                    work.resolve("events"))) {
                Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
                summary = new LocalEventSourceMapping(
                                source, settings, checkpoints, function, events(), this::printBatch)
                        .run(limits);
            }
            getLog().info("Stopped (" + summary.stopReason() + ") after " + summary.invocations() + " invocation"
                    + (summary.invocations() == 1 ? "" : "s") + ": " + summary.recordsDone() + " records done, "
                    + summary.recordsSkipped() + " skipped after their retries, " + summary.failedInvocations()
                    + " failed invocations; checkpoints in " + checkpoints.file());
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (IOException e) {
            throw error("streambot:run-stream could not reset the checkpoints", e);
        } catch (UncheckedIOException e) {
            throw error("streambot:run-stream could not run the function", e);
        } catch (RuntimeException e) {
            throw sdkError("streambot:run-stream could not read the stream", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException | IllegalArgumentException stopping) {
                // the JVM is already stopping (Ctrl-C), or the hook was never added
            }
        }
    }

    private void printBatch(BatchLine line) {
        getLog().info("Batch " + line);
    }

    private static String describe(MappingSettings s) {
        return "batch size " + s.batchSize() + ", window " + s.batchingWindow().toSeconds() + " s, "
                + s.startingPosition() + ", bisect " + s.bisectOnError() + ", maximum retry attempts "
                + s.maximumRetryAttempts() + ", ReportBatchItemFailures " + s.reportBatchItemFailures();
    }

    private List<TemplateMapping> templateMappings(Path base) {
        StackTemplate parsed;
        try {
            parsed = TemplateSource.fromProject(base, template == null ? null : template.toPath());
        } catch (InvalidConfigurationException e) {
            if (template != null) {
                throw e;
            }
            return List.of(); // no template: the stream must be given
        }
        Path file = Path.of(parsed.name()).toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return TemplateMapping.of(parsed, (file.startsWith(root) ? root.relativize(file) : file).toString());
    }

    /** The template's settings (Lambda's defaults without a mapping) with this goal's overrides. */
    private MappingSettings settings(TemplateMapping declared) {
        MappingSettings base =
                declared != null ? declared.settings() : MappingSettings.defaults(StartingPosition.TRIM_HORIZON);
        return new MappingSettings(
                batchSize != null ? batchSize : base.batchSize(),
                blankToNull(batchingWindow) != null
                        ? DurationSetting.parse(
                                batchingWindow,
                                "<batchingWindow>",
                                "streambot.stream.batchingWindow",
                                Durations.Allowed.ZERO_OR_MORE)
                        : base.batchingWindow(),
                blankToNull(startingPosition) != null
                        ? StartingPosition.parse(startingPosition)
                        : base.startingPosition(),
                bisectOnError != null ? bisectOnError : base.bisectOnError(),
                maximumRetryAttempts != null ? maximumRetryAttempts : base.maximumRetryAttempts(),
                reportBatchItemFailures != null ? reportBatchItemFailures : base.reportBatchItemFailures());
    }

    /** The stream: {@code <stream>} (an ARN, or a name of the mapping's kind), else the mapping's plain ARN. */
    private StreamSource source(TemplateMapping declared, StreamClients clients) {
        String given = blankToNull(stream);
        String kind = declared == null ? null : declared.kind();
        String arn = null;
        if (given != null && given.startsWith("arn:")) {
            arn = given;
            kind = TemplateMapping.kindOfArn(given);
            if (kind == null) {
                throw new InvalidConfigurationException(
                        "<stream>",
                        "streambot.stream",
                        given,
                        "is not the ARN of a Kinesis stream or of a DynamoDB stream",
                        "give arn:aws:kinesis:REGION:ACCOUNT:stream/NAME or a DynamoDB table's LatestStreamArn");
            }
        } else if (given == null) {
            arn = requireStream(declared);
            kind = TemplateMapping.kindOfArn(arn);
        } else if (kind == null) {
            throw new InvalidConfigurationException(
                    "<stream>",
                    "streambot.stream",
                    given,
                    "is a name, and no mapping of the template says whether it names a Kinesis stream or a DynamoDB"
                            + " table",
                    "give the stream's ARN instead");
        }
        if (TemplateMapping.KINESIS.equals(kind)) {
            return arn != null ? clients.kinesis(arn) : clients.kinesisNamed(given);
        }
        if (arn != null) {
            return clients.dynamoDb(arn);
        }
        try {
            return clients.dynamoDbTable(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(
                    "<stream>",
                    "streambot.stream",
                    given,
                    "names a DynamoDB table without a stream",
                    "enable the table's stream (StreamSpecification), or give another table");
        }
    }

    /** The mapping's own ARN, when the template writes it as a plain string. */
    private static String requireStream(TemplateMapping declared) {
        if (declared.streamArn() == null) {
            throw new InvalidConfigurationException(
                    "<stream>",
                    "streambot.stream",
                    null,
                    "is not set and " + declared.where() + " reads the stream of the template's resource "
                            + declared.streamResource() + ", which only exists once deployed",
                    "give the deployed (or local) stream's name or ARN, such as -Dstreambot.stream="
                            + (TemplateMapping.DYNAMODB.equals(declared.kind()) ? "my-table" : "my-stream"));
        }
        return declared.streamArn();
    }

    /** The function's settings; each batch's event replaces the placeholder event written here. */
    private InvokeRequest invocation(HandlerString handlerString, Path work) throws MojoFailureException {
        Path placeholder = work.resolve("empty-event.json");
        try {
            Files.createDirectories(work);
            Files.writeString(placeholder, "{\"Records\":[]}", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AwsSettings aws = awsSettings();
        String functionRegion;
        InvokeRequest.Credentials credentials = null;
        try (AwsClientFactory clients = new AwsClientFactory(aws)) {
            functionRegion = SdkCalls.regionId(clients);
            if (aws.endpoint() != null || aws.keys() != null) {
                credentials = SdkCalls.keys(clients);
            }
            return new InvokeRequest(
                    zipFile().toPath(),
                    handlerString,
                    placeholder,
                    functionName,
                    Duration.ofSeconds(timeout),
                    memorySize,
                    functionRegion,
                    clients.endpoint(),
                    blankToNull(envTable),
                    credentials,
                    blankToNull(profile),
                    environment,
                    work.resolve("invoke"),
                    null);
        }
    }
}
