package io.streambot.maven;

import io.streambot.core.DurationSetting;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.stack.Polling;
import io.streambot.core.teardown.Teardown;
import io.streambot.core.teardown.TeardownFailedException;
import io.streambot.core.teardown.TeardownRefusedException;
import io.streambot.core.teardown.TeardownRequest;
import io.streambot.runtime.EnvRecord;
import java.time.Clock;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes the service: deletes its stack (events streamed, waited for; on {@code DELETE_FAILED} the first
 * failure's reason), then the config records {@code put-env} wrote for the stack's functions and the code
 * objects under {@code <prefix>/<artifactId>/} in the code bucket that no other stack's parameters name.
 * Nothing it did not create is touched: a record written by anyone else (such as
 * {@code Custom::StreambotEnv}, which the stack's deletion cleans up itself) stays. It refuses, before
 * deleting anything, a stack with termination protection and a stack whose exports other stacks import
 * (the primary streambot stack while services use it), naming them. Try it first with
 * {@code mvn streambot:teardown -Dstreambot.dryRun=true}.
 */
@Mojo(name = "teardown", threadSafe = true)
public class TeardownMojo extends AbstractStreambotMojo {

    /** The config table put-env wrote to. Property {@code streambot.envTable}, default {@code streambot-env}. */
    @Parameter(property = "streambot.envTable", defaultValue = EnvRecord.DEFAULT_TABLE)
    private String envTable;

    /**
     * Delete the config records put-env wrote for the stack's functions. Property
     * {@code streambot.teardown.config}, default true.
     */
    @Parameter(property = "streambot.teardown.config", defaultValue = "true")
    private boolean deleteConfig;

    /**
     * Delete the service's code objects ({@code <prefix>/<artifactId>/*} in {@code <bucket>}) that no other
     * stack uses. Property {@code streambot.teardown.code}, default true.
     */
    @Parameter(property = "streambot.teardown.code", defaultValue = "true")
    private boolean deleteCode;

    /** List what would be deleted, delete nothing. Property {@code streambot.dryRun}, default false. */
    @Parameter(property = "streambot.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** How long to wait for the stack's deletion, e.g. {@code 30m}. Property {@code streambot.timeout}, default {@code 60m}. */
    @Parameter(property = "streambot.timeout", defaultValue = "60m")
    private String timeout;

    /** The base interval between polls of the stack's status and events. Property {@code streambot.pollInterval}, default {@code 3s}. */
    @Parameter(property = "streambot.pollInterval", defaultValue = "3s")
    private String pollInterval;

    /** Skip this goal. Property {@code streambot.teardown.skip}, default false. */
    @Parameter(property = "streambot.teardown.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping teardown because streambot.teardown.skip is true");
            return;
        }
        loadAwsSdk();
        try {
            Polling polling = new Polling(
                    DurationSetting.positive(pollInterval, "<pollInterval>", "streambot.pollInterval"),
                    DurationSetting.positive(timeout, "<timeout>", "streambot.timeout"),
                    Polling.Sleeper.real(),
                    Clock.systemUTC());
            TeardownRequest request = new TeardownRequest(
                            stackName, envTable, deleteConfig, blankToNull(bucket), codePrefix(), deleteCode, dryRun)
                    .validate();
            try (AwsClientFactory aws = awsClients()) {
                new Teardown(aws.cloudFormation(), aws::dynamoDb, aws::s3, events(), polling).run(request);
            }
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (TeardownRefusedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (TeardownFailedException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (AwsCallException e) {
            throw error(e);
        } catch (RuntimeException e) {
            throw sdkError("Tearing down stack " + stackName + " failed", e);
        }
    }

    /** {@code <prefix>/<artifactId>/}, where upload puts the service's code. */
    private String codePrefix() {
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return (p.isEmpty() ? "" : p + "/") + project.getArtifactId() + "/";
    }
}
