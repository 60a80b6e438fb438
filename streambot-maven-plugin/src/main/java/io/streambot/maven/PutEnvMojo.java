package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.env.ConcurrentEnvChangeException;
import io.streambot.core.env.EnvOwnershipException;
import io.streambot.core.env.EnvRecordWriter;
import io.streambot.core.env.EnvSources;
import io.streambot.core.env.EnvWriteResult;
import io.streambot.core.env.FunctionEnv;
import io.streambot.core.env.PutEnvCompensation;
import io.streambot.runtime.EnvRecord;
import java.io.File;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes functions' runtime config records to the streambot config table from the pom's
 * {@code <env>} and/or an {@code envFile}. Prints the diff by key first (values masked), writes
 * nothing when nothing changed, and writes conditionally on the version it read, so a concurrent
 * change is reported instead of overwritten.
 *
 * <p>Function names follow the config-record rules shared with {@code Custom::StreambotEnv} and the
 * runtime: a function ARN is reduced to the function's name (which the runtime reads); a version or
 * alias ({@code orders:prod}) is refused. A record that a stack's {@code Custom::StreambotEnv} owns is
 * refused unless {@code takeOwnership} is set. What put-env wrote is recorded in the build's
 * {@code target/streambot/put-env-<function>.json}: when {@code deploy-stack} fails later in the same
 * build, it restores each record as it was before the build.
 *
 * <p>With none of {@code <env>}, {@code <envFile>} and
 * {@code <functions>} configured it writes nothing and says so in one line: the {@code lambda}
 * packaging runs it at every {@code mvn deploy}, also for services whose template owns their config.
 */
@Mojo(name = "put-env", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PutEnvMojo extends AbstractStreambotMojo {

    /** The Lambda function whose config {@code <env>} and {@code envFile} hold. Property: {@code streambot.functionName}. */
    @Parameter(property = "streambot.functionName")
    private String functionName;

    /**
     * The config values of {@code functionName}, e.g. {@code <env><DATABASE_URL>...</DATABASE_URL></env>}.
     * Keys in environment-variable style; these win over the same keys in {@code envFile}. Keys that
     * are in the record but not here (nor in the file) are removed.
     */
    @Parameter
    private Map<String, String> env;

    /**
     * A {@code .properties} (UTF-8) or {@code .json} file (one flat object) with config values for
     * {@code functionName}, e.g. kept out of version control. Property: {@code streambot.envFile}.
     */
    @Parameter(property = "streambot.envFile")
    private File envFile;

    /**
     * Config for several functions:
     * {@code <functions><function><name>orders</name><env>...</env><envFile>...</envFile></function></functions>}.
     */
    @Parameter
    private List<Function> functions;

    /** The config table. Property: {@code streambot.envTable}; default {@code streambot-env}. */
    @Parameter(property = "streambot.envTable", defaultValue = EnvRecord.DEFAULT_TABLE)
    private String envTable;

    /**
     * Overwrite a record that another writer changed while this goal ran (it is reported otherwise).
     * Property: {@code streambot.force}; default {@code false}.
     */
    @Parameter(property = "streambot.force", defaultValue = "false")
    private boolean force;

    /**
     * Take over a config record that a stack's {@code Custom::StreambotEnv} resource owns (put-env refuses
     * to change it otherwise). The record then belongs to put-env, and the stack's resource refuses to
     * change it until its {@code TakeOwnership} property takes it back. Property:
     * {@code streambot.env.takeOwnership}; default {@code false}.
     */
    @Parameter(property = "streambot.env.takeOwnership", defaultValue = "false")
    private boolean takeOwnership;

    /**
     * Where put-env records what it wrote ({@code put-env-<function>.json}), so that a {@code deploy-stack}
     * failing later in the same build restores the config as it was.
     */
    @Parameter(defaultValue = "${project.build.directory}/streambot", readonly = true)
    private File outputDirectory;

    /** Show the diff only, write nothing. Property: {@code streambot.dryRun}; default {@code false}. */
    @Parameter(property = "streambot.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Skip this goal. Property: {@code streambot.putEnv.skip}; default {@code false}. */
    @Parameter(property = "streambot.putEnv.skip", defaultValue = "false")
    private boolean skip;

    /** One function's config in {@code <functions>}. */
    public static class Function {
        /** The Lambda function's name. */
        private String name;

        /** Its config values. */
        private Map<String, String> env;

        /** A .properties or .json file with more of its config values. */
        private File envFile;

        String name() {
            return name;
        }

        Map<String, String> env() {
            return env;
        }

        File envFile() {
            return envFile;
        }
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping put-env because streambot.putEnv.skip is set");
            return;
        }
        if (env == null && envFile == null && (functions == null || functions.isEmpty())) {
            // The lambda packaging binds put-env to deploy: a service whose config a template owns has none here.
            getLog().info("Nothing to write: no <env>, <envFile> (-Dstreambot.envFile) or <functions> is configured");
            return;
        }
        loadAwsSdk();
        List<FunctionEnv> desired;
        try {
            desired = desired().stream().map(FunctionEnv::validate).toList();
            duplicates(desired);
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        }
        PutEnvCompensation compensation = new PutEnvCompensation(outputDirectory.toPath(), buildId(session));
        try (AwsClientFactory aws = awsClients()) {
            EnvRecordWriter writer = new EnvRecordWriter(aws.dynamoDb(), envTable, Clock.systemUTC(), events());
            for (FunctionEnv function : desired) {
                EnvWriteResult result = writer.write(function, dryRun, force, takeOwnership);
                compensation.record(envTable, result);
            }
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (EnvOwnershipException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (ConcurrentEnvChangeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (AwsCallException e) {
            throw error(e);
        }
    }

    /** Identifies this Maven build, so that deploy-stack undoes only this build's writes. */
    static String buildId(MavenSession session) {
        return session == null
                        || session.getRequest() == null
                        || session.getRequest().getStartTime() == null
                ? "unknown-build"
                : Long.toString(session.getRequest().getStartTime().getTime());
    }

    private List<FunctionEnv> desired() throws MojoFailureException {
        List<FunctionEnv> all = new ArrayList<>();
        if (blankToNull(functionName) != null || env != null || envFile != null) {
            all.add(merged(blankToNull(functionName), env, envFile, "<env>", "streambot.envFile"));
        }
        if (functions != null) {
            for (Function f : functions) {
                String element = "<functions><function>[" + f.name + "]";
                all.add(merged(blankToNull(f.name), f.env, f.envFile, element, null));
            }
        }
        if (all.isEmpty()) {
            throw new MojoFailureException("<functionName> (-Dstreambot.functionName) is not set and <functions> is"
                    + " empty: name the Lambda function and give its <env> or <envFile>, or list several under"
                    + " <functions>");
        }
        return all;
    }

    /** Names are compared after reduction to the function name, so an ARN and its name count as one. */
    private static void duplicates(List<FunctionEnv> all) throws MojoFailureException {
        Set<String> names = new HashSet<>();
        for (FunctionEnv f : all) {
            if (!names.add(f.functionName())) {
                throw new MojoFailureException("Function '" + f.functionName() + "' is configured twice (in"
                        + " <functionName> and <functions>, or twice in <functions>, also as name and ARN): merge its"
                        + " <env> into one entry");
            }
        }
    }

    private FunctionEnv merged(String name, Map<String, String> pomEnv, File file, String element, String property) {
        return EnvSources.merge(
                name,
                pomEnv,
                file == null ? null : file.toPath(),
                project.getBasedir().toPath(),
                element,
                property,
                events());
    }
}
