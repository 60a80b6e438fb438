package io.streambot.maven;

import io.streambot.core.invoke.HandlerString;
import io.streambot.core.stack.FunctionHandler;
import io.streambot.core.stack.FunctionHandlers;
import java.io.File;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * What the goals that run the bundled function locally ({@code invoke}, {@code run-stream}) share: the
 * function's settings as its template would give them, the zip, the handler and the JDK it runs on.
 */
public abstract class AbstractLocalRunMojo extends AbstractStreambotMojo {

    /**
     * The handler string, as in the function's template: {@code com.example.Ingest::handleRequest}, or
     * {@code com.example.Ingest} for its {@code handleRequest} method. When unset, the {@code Handler} of
     * the template's only Java function. Property {@code streambot.handler}.
     */
    @Parameter(property = "streambot.handler")
    protected String handler;

    /**
     * The CloudFormation template to take the handler (and, for {@code run-stream}, the mapping) from when
     * {@code <handler>} is unset. Defaults to the single {@code *.json}, {@code *.yaml}, {@code *.yml} or
     * {@code *.template} file in {@code src/main/cloudformation/}. Property {@code streambot.template}.
     */
    @Parameter(property = "streambot.template")
    protected File template;

    /**
     * The function's Lambda runtime ({@code java17}, {@code java21}, {@code java25}): the function runs on a JDK
     * of that version, found through Maven Toolchains ({@code ~/.m2/toolchains.xml} or {@code mvn -t FILE}, a
     * toolchain of type {@code jdk} providing that {@code version}). Without a matching toolchain it runs on the
     * build's JDK and warns. Defaults to the template's {@code Runtime} for the handler. Property {@code
     * streambot.runtime}.
     */
    @Parameter(property = "streambot.runtime")
    protected String runtime;

    /**
     * The function's name, given to the handler's context; it is also the key of its config record. Property
     * {@code streambot.functionName}, default the artifactId.
     */
    @Parameter(property = "streambot.functionName", defaultValue = "${project.artifactId}")
    protected String functionName;

    /**
     * The function's timeout in seconds (1 to 900), as in its template: the context's remaining time
     * counts down from it and the invocation fails when it runs out. Property {@code streambot.invoke.timeout},
     * default 60.
     */
    @Parameter(property = "streambot.invoke.timeout", defaultValue = "60")
    protected int timeout;

    /**
     * The function's memory in MB (128 to 10240): the context reports it and the JVM's heap is limited to it.
     * Property {@code streambot.invoke.memorySize}, default 512.
     */
    @Parameter(property = "streambot.invoke.memorySize", defaultValue = "512")
    protected int memorySize;

    /**
     * The config table the function reads its configuration from ({@code STREAMBOT_ENV_TABLE}). Defaults
     * to the runtime's own default, {@code streambot-env}. Property {@code streambot.envTable}.
     */
    @Parameter(property = "streambot.envTable")
    protected String envTable;

    /**
     * More environment variables for the function; they win over the ones the goal sets. For example
     * {@code <environment><AWS_ENDPOINT_URL_S3>http://127.0.0.1:9090</AWS_ENDPOINT_URL_S3></environment>}
     * sends the function's S3 calls to a local S3 while its configuration comes from {@code <endpoint>}.
     * The function gets no other variable of the build's environment, except the SDK's own
     * {@code AWS_ENDPOINT_URL*} settings and, without {@code <endpoint>} or {@code <serverId>}, the
     * build's AWS credentials and profile variables.
     */
    @Parameter
    protected Map<String, String> environment;

    /**
     * The Lambda zip to run. Defaults to the artifact attached by {@code streambot:bundle} (classifier
     * {@code lambda}), else <code>${project.build.directory}/${project.build.finalName}-lambda.zip</code>.
     * Property {@code streambot.invoke.zip}.
     */
    @Parameter(property = "streambot.invoke.zip")
    protected File zip;

    @Component
    protected ToolchainManager toolchainManager;

    /** The configured handler, else the template's only Java handler. */
    protected HandlerString handler() {
        if (blankToNull(handler) != null) {
            return HandlerString.parse(handler, "<handler>", "streambot.handler");
        }
        FunctionHandler declared = FunctionHandlers.single(
                FunctionHandlers.fromProject(
                        project.getBasedir().toPath(), template == null ? null : template.toPath(), events()),
                "<handler>",
                "streambot.handler");
        getLog().info("Using handler " + declared.handler() + " from " + declared.source());
        return HandlerString.parse(declared.handler(), declared.source(), null);
    }

    /** {@code <zip>}, else the zip that {@code bundle} attached, else where it writes one. */
    protected File zipFile() {
        if (zip != null) {
            return zip;
        }
        for (Artifact attached : project.getAttachedArtifacts()) {
            if ("lambda".equals(attached.getClassifier()) && attached.getFile() != null) {
                return attached.getFile();
            }
        }
        return new File(project.getBuild().getDirectory(), project.getBuild().getFinalName() + "-lambda.zip");
    }
}
