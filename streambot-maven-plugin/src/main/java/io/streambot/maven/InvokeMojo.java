package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.bundle.LayerReport;
import io.streambot.core.env.EnvSources;
import io.streambot.core.env.FunctionEnv;
import io.streambot.core.invoke.FunctionJvm;
import io.streambot.core.invoke.HandlerString;
import io.streambot.core.invoke.InvokeRequest;
import io.streambot.core.invoke.InvokeResult;
import io.streambot.core.invoke.LocalLambdaRuntime;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the bundled function locally, as Lambda's Java runtime would, with an event from a JSON file:
 * the zip is unzipped and the handler runs in a fresh JVM whose class path is the zip's root and
 * {@code lib/*.jar} only, with the function's configuration loaded through streambot-runtime. Prints the
 * handler's output, or fails the build with the handler's error. It catches what unit tests cannot: a
 * class missing from the zip, a bad handler string, a static initializer that fails or hangs. Run it
 * after {@code package}:
 * {@code mvn package streambot:invoke -Dstreambot.invoke.event=src/test/resources/events/kinesis.json}.
 *
 * <p>Where the configuration comes from ({@code <config>}): without {@code <region>} and {@code
 * <endpoint>}, the function is served the configuration {@code put-env} would write (the plugin's
 * {@code <env>}, {@code <envFile>} or the {@code <functions>} entry of {@code <functionName>}), through
 * streambot-runtime's local-config hook ({@code STREAMBOT_LOCAL_CONFIG}): no AWS account, no call to AWS.
 * With {@code -Dstreambot.region} or {@code -Dstreambot.endpoint}, the function reads its record from the
 * config table, as on Lambda.
 */
@Mojo(name = "invoke", threadSafe = true)
public class InvokeMojo extends AbstractLocalRunMojo {

    /** The event, a JSON file as Lambda delivers it (for example a Kinesis or DynamoDB stream event). */
    @Parameter(property = "streambot.invoke.event")
    private File event;

    /**
     * Where the function's configuration comes from: {@code local} serves it what {@code put-env} would
     * write ({@code <env>}, {@code <envFile>}, {@code <functions>}) without any AWS call; {@code table}
     * reads its record from the config table at {@code <endpoint>}/{@code <region>}; {@code auto} is
     * {@code table} when {@code <region>} or {@code <endpoint>} is set, else {@code local}. Property
     * {@code streambot.invoke.config}; default {@code auto}.
     */
    @Parameter(property = "streambot.invoke.config", defaultValue = "auto")
    private String config;

    /**
     * The function's config values for a local run, as {@code put-env} reads them: configure {@code <env>}
     * in the plugin's {@code <configuration>} so both goals share it. Example:
     * {@code <env><EventBucket>my-bucket</EventBucket></env>}.
     */
    @Parameter
    private Map<String, String> env;

    /**
     * A {@code .properties} or {@code .json} file with more config values for a local run, as for
     * {@code put-env} ({@code <env>} wins key by key). Property {@code streambot.envFile}.
     */
    @Parameter(property = "streambot.envFile")
    private File envFile;

    /**
     * Config for several functions, as for {@code put-env}: a local run serves the entry whose
     * {@code <name>} is {@code <functionName>}.
     */
    @Parameter
    private List<PutEnvMojo.Function> functions;

    /**
     * Invoke the deployed function instead of the local zip: the same event file goes to the stack's
     * function (Invoke with {@code LogType=Tail}); its result is printed, its error fails the build with
     * the error's message and the tail of its log, and the duration and billed duration are printed.
     * Property {@code streambot.remote}, default false (local).
     */
    @Parameter(property = "streambot.remote", defaultValue = "false")
    private boolean remote;

    /**
     * For a remote invoke of a stack with several functions: the function's logical id in the template.
     * Unset: the stack's only function. Property {@code streambot.invoke.function}.
     */
    @Parameter(property = "streambot.invoke.function")
    private String remoteFunction;

    /** Skips the goal. Property {@code streambot.invoke.skip}; default {@code false}. */
    @Parameter(property = "streambot.invoke.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping streambot:invoke because streambot.invoke.skip is true");
            return;
        }
        loadAwsSdk();
        if (remote) {
            new RemoteInvokeStep(this, stackName, remoteFunction, event).run();
            return;
        }
        HandlerString handlerString;
        FunctionJvm.Selection jvm;
        try {
            handlerString = handler();
            jvm = FunctionToolchain.select(
                    toolchainManager, session, project, template, runtime, handlerString.toString(), events());
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (UncheckedIOException e) {
            throw error("streambot:invoke could not read the template", e.getCause());
        }
        InvokeResult result;
        try {
            result = localConfig()
                    ? invokeWithLocalConfig(handlerString, jvm.java())
                    : invokeWithConfigTable(handlerString, jvm.java());
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (UncheckedIOException e) {
            throw error("streambot:invoke could not run the function", e);
        }
        if (!result.succeeded()) {
            // The handler's frames; the harness's and the JDK's reflection frames say nothing to the user.
            result.stackTrace().stream()
                    .filter(line ->
                            !line.startsWith("java.base/") && !line.startsWith("io.streambot.core.invoke.harness."))
                    .forEach(line -> getLog().error("    " + line));
            String what = result.initFailed() ? "could not be loaded" : "failed";
            throw new MojoFailureException("The function " + what + " (" + millis(result) + "): " + result.error()
                    + (result.initFailed()
                            ? " -- check <handler> (-Dstreambot.handler) against the classes in the zip"
                            : ""));
        }
        getLog().info("Result (" + millis(result) + "): " + result.output());
    }

    /** Whether the function is served its pom configuration rather than its record in the config table. */
    private boolean localConfig() throws MojoFailureException {
        String source = config == null ? "auto" : config.trim();
        switch (source) {
            case "local":
                return true;
            case "table":
                return false;
            case "auto":
                return blankToNull(region) == null && blankToNull(endpoint) == null;
            default:
                throw new MojoFailureException("<config> (-Dstreambot.invoke.config) = '" + config
                        + "' is not one of auto, local, table: use local to serve the pom's <env> without AWS,"
                        + " table to read the config table");
        }
    }

    /** The function gets what put-env would write, from a local file; nothing talks to AWS. */
    private InvokeResult invokeWithLocalConfig(HandlerString handlerString, Path java) throws MojoExecutionException {
        FunctionEnv local = localEnv();
        InvokeRequest request = new InvokeRequest(
                zipFile().toPath(),
                handlerString,
                event == null ? null : event.toPath(),
                functionName,
                Duration.ofSeconds(timeout),
                memorySize,
                blankToNull(region),
                null,
                blankToNull(envTable),
                null,
                blankToNull(profile),
                environment,
                workDirectory(),
                local);
        request.validate(); // the line below is only said of a run that will happen
        getLog().info("Serving function '" + functionName + "' the config put-env would write ("
                + local.env().size() + " keys from " + sources(local) + ") without any AWS call"
                + (blankToNull(region) == null && blankToNull(endpoint) == null
                        ? ": no <region> or <endpoint> is set (-Dstreambot.region or -Dstreambot.endpoint reads"
                                + " its record from the config table instead)"
                        : ": -Dstreambot.invoke.config=local"));
        return new LocalLambdaRuntime(events(), java, lambdaJavaLibraries())
                .withLayers(layers())
                .invoke(request);
    }

    /** The function reads its record from the config table at the build's endpoint and region. */
    private InvokeResult invokeWithConfigTable(HandlerString handlerString, Path java)
            throws MojoFailureException, MojoExecutionException {
        try (AwsClientFactory aws = new AwsClientFactory(awsSettings())) {
            InvokeRequest request = new InvokeRequest(
                    zipFile().toPath(),
                    handlerString,
                    event == null ? null : event.toPath(),
                    functionName,
                    Duration.ofSeconds(timeout),
                    memorySize,
                    aws.region().id(),
                    aws.endpoint(),
                    blankToNull(envTable),
                    functionCredentials(aws),
                    blankToNull(profile),
                    environment,
                    workDirectory(),
                    null);
            return new LocalLambdaRuntime(events(), java, lambdaJavaLibraries())
                    .withLayers(layers())
                    .invoke(request);
        }
    }

    /** The {@code <functions>} entry of this function, else {@code <env>} and {@code <envFile>}, merged as put-env does. */
    private FunctionEnv localEnv() {
        Path base = project.getBasedir().toPath();
        if (functions != null) {
            for (PutEnvMojo.Function f : functions) {
                if (functionName.equals(blankToNull(f.name()))) {
                    return EnvSources.merge(
                            functionName,
                            f.env(),
                            f.envFile() == null ? null : f.envFile().toPath(),
                            base,
                            "<functions><function>[" + functionName + "]",
                            null,
                            events());
                }
            }
        }
        return EnvSources.merge(
                functionName,
                env,
                envFile == null ? null : envFile.toPath(),
                base,
                "<env>",
                "streambot.envFile",
                events());
    }

    /** Where the local config came from, for the one line that says so. */
    private String sources(FunctionEnv local) {
        if (!"<env>".equals(local.element())) {
            return local.element();
        }
        if (env != null && envFile != null) {
            return "<env> and <envFile>";
        }
        return env != null ? "<env>" : envFile != null ? "<envFile>" : "no <env> or <envFile>";
    }

    private Path workDirectory() {
        return new File(project.getBuild().getDirectory(), "streambot-invoke").toPath();
    }

    /** Keys for the function when the build has explicit ones: an endpoint's, or a settings.xml server's. */
    private InvokeRequest.Credentials functionCredentials(AwsClientFactory aws) throws MojoFailureException {
        AwsSettings settings = awsSettings();
        if (settings.endpoint() == null && settings.keys() == null) {
            return null; // the function uses the build's own AWS environment and profile, as the SDK would
        }
        return SdkCalls.keys(aws);
    }

    /**
     * The dependency layer of a bundle built with {@code <layer>true</layer>} (the attached artifact with classifier
     * {@code layer}, else the one the last bundle's report names): a layered zip holds no {@code lib/}.
     */
    private List<Path> layers() {
        for (Artifact attached : project.getAttachedArtifacts()) {
            if (BundleMojo.LAYER_CLASSIFIER.equals(attached.getClassifier()) && attached.getFile() != null) {
                return List.of(attached.getFile().toPath());
            }
        }
        try {
            LayerReport report =
                    LayerReport.readIfPresent(Path.of(project.getBuild().getDirectory(), "streambot"));
            return report == null || !Files.isRegularFile(Path.of(report.zip()))
                    ? List.of()
                    : List.of(Path.of(report.zip()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the layer report of the last bundle", e);
        }
    }

    private static String millis(InvokeResult result) {
        return result.duration().toMillis() + " ms";
    }
}
